package io.chorus.executive.internal;

import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ServiceStanza;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which registered engines run: those a {@code service { name ver }} stanza selects (the engine answers to
 * the name and has that version), or, unless {@code aisexec { defaultservices: no }}, those answering to a
 * name of the default set (any version; the lowest registered wins a tie through registration order).
 * Every change — an engine registered or gone, a stanza added, edited or removed — reconciles what runs
 * with what should, touching only the engines concerned. Service ids are unique: an engine claiming the id
 * of a running one is refused with a log line, and loads when that id frees up. Event-loop only.
 */
final class ServiceManager {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.main");

    /** Corosync's default services, by name (present or not). */
    static final List<String> DEFAULT_SERVICES = List.of("cmap", "cfg", "cpg", "quorum", "votequorum");

    /** Starts and stops engines for the manager. */
    interface Loader {
        /** Starts the engine; false when it failed to start (it is then not running). */
        boolean load(ServiceEngine engine, Map<String, String> stanzaKeys);

        void unload(ServiceEngine engine);

        /** The keys of a running engine's stanza changed (name and version unchanged). */
        void stanzaChanged(ServiceEngine engine, Map<String, String> stanzaKeys);
    }

    private final Loader loader;
    private final List<ServiceEngine> registered = new ArrayList<>();
    private final Map<String, ServiceStanza> stanzas = new LinkedHashMap<>();
    private final Map<ServiceEngine, Map<String, String>> running = new IdentityHashMap<>();
    private final Set<ServiceEngine> refusalLogged = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean defaultServices = true;

    ServiceManager(Loader loader) {
        this.loader = loader;
    }

    void register(ServiceEngine engine) {
        if (indexOf(engine) < 0) {
            registered.add(engine);
            reconcile();
        }
    }

    void unregister(ServiceEngine engine) {
        int i = indexOf(engine);
        if (i >= 0) {
            registered.remove(i);
            refusalLogged.remove(engine);
            reconcile();
        }
    }

    /** Adds or replaces the stanza known as {@code key} (a Config Admin pid, or the stanza's place in the file). */
    void putStanza(String key, ServiceStanza stanza) {
        stanzas.put(key, stanza);
        reconcile();
    }

    void removeStanza(String key) {
        if (stanzas.remove(key) != null) {
            reconcile();
        }
    }

    void defaultServices(boolean enabled) {
        if (defaultServices != enabled) {
            defaultServices = enabled;
            reconcile();
        }
    }

    /** Stops every engine (the node stops). */
    void stopAll() {
        for (ServiceEngine e : new ArrayList<>(running.keySet())) {
            running.remove(e);
            loader.unload(e);
        }
    }

    /** The stanza keys selecting {@code engine}, or null when nothing selects it. */
    Map<String, String> selection(EngineInfo info) {
        for (ServiceStanza s : stanzas.values()) {
            if (info.answersTo(s.name()) && info.version() == s.ver()) {
                return s.extra();
            }
        }
        if (defaultServices) {
            for (String name : DEFAULT_SERVICES) {
                if (info.answersTo(name)) {
                    return Map.of();
                }
            }
        }
        return null;
    }

    private void reconcile() {
        for (ServiceEngine e : new ArrayList<>(running.keySet())) {
            Map<String, String> keys = indexOf(e) < 0 ? null : selection(e.info());
            if (keys == null) {
                running.remove(e);
                loader.unload(e);
            } else if (!keys.equals(running.get(e))) {
                running.put(e, keys);
                loader.stanzaChanged(e, keys);
            }
        }
        for (ServiceEngine e : new ArrayList<>(registered)) {
            if (running.containsKey(e)) {
                continue;
            }
            EngineInfo info = e.info();
            Map<String, String> keys = selection(info);
            if (keys == null) {
                continue;
            }
            ServiceEngine owner = ownerOf(info.id());
            if (owner != null) {
                if (refusalLogged.add(e)) {
                    LOG.error("Service engine {} version {} claims service id {}, which {} version {} already uses: "
                            + "not loaded", info.name(), info.version(), info.id(), owner.info().name(),
                            owner.info().version());
                }
                continue;
            }
            refusalLogged.remove(e);
            if (loader.load(e, keys)) {
                running.put(e, keys);
            }
        }
    }

    private ServiceEngine ownerOf(int id) {
        for (ServiceEngine e : running.keySet()) {
            if (e.info().id() == id) {
                return e;
            }
        }
        return null;
    }

    private int indexOf(ServiceEngine engine) {
        for (int i = 0; i < registered.size(); i++) {
            if (registered.get(i) == engine) {
                return i;
            }
        }
        return -1;
    }
}
