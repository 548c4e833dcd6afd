package io.chorus.config.internal.cm;

import io.chorus.config.ChorusConfig;
import io.chorus.config.ChorusConfigListener;
import io.chorus.config.ConfigChangeEvent;
import io.chorus.config.ConfigChangeEvent.Outcome;
import io.chorus.config.ConfigException;
import io.chorus.config.ConfigLoader;
import io.chorus.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Config Admin bridge. At activation it reads corosync.conf (env {@code COROSYNC_MAIN_CONFIG_FILE},
 * else system property {@code chorus.config}, else {@code ${karaf.etc}/corosync.conf}), publishes the
 * result as a {@link ChorusConfig} service and writes its explicit values into Config Admin
 * (see {@link PidMapping}); the file wins over what Config Admin held from an earlier run. It drives Pax
 * Logging from {@code logging { }}.
 *
 * <p>Afterwards every edit of an {@code io.chorus.*} configuration is checked key by key: live keys are
 * applied (a new {@code ChorusConfig} is published), the others are refused with a logged reason naming
 * the restart needed, and put back in Config Admin. {@link ChorusConfigListener}s hear both.
 *
 * <p>A file with errors is logged with file, line and reason and nothing is published: no half-started
 * node.
 */
@Component(service = ConfigurationListener.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public class ConfigAdminBridge implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminBridge.class);

    @Reference
    private ConfigurationAdmin configAdmin;

    private final List<ChorusConfigListener> listeners = new CopyOnWriteArrayList<>();

    private BundleContext context;
    private ChorusConfig current;
    private ServiceRegistration<ChorusConfig> registration;
    private int generation;
    /** Per pid: the properties as last written or accepted by the bridge. */
    private final Map<String, Map<String, String>> known = new HashMap<>();
    /** Pax Logging properties as last written by the bridge, to skip no-op updates. */
    private Map<String, String> loggingWritten = Map.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ChorusConfigListener listener) {
        listeners.add(listener);
    }

    void removeListener(ChorusConfigListener listener) {
        listeners.remove(listener);
    }

    @Activate
    synchronized void activate(BundleContext ctx) {
        this.context = ctx;
        Path file = configPath(System.getenv(), System.getProperties());
        ChorusConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                if (p.isError()) {
                    LOG.error("{}", p);
                } else {
                    LOG.warn("{}", p);
                }
            }
            LOG.error("Chorus does not start: {} has {} error(s); fix the file and restart (check it with "
                    + "bin/chorus check -c {})", file, e.errors().size(), file);
            return;
        }
        for (ConfigProblem w : config.warnings()) {
            LOG.warn("{}", w);
        }
        current = config;
        try {
            writeSections(config);
            writeServices(config);
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("Could not write the configuration of {} to Config Admin", file, e);
        }
        publish(config);
        LOG.info("Chorus configuration loaded from {} ({} era, {} service stanza(s))", file, config.era(),
                config.services().size());
        // Last: Pax Logging drops what is logged while it reconfigures.
        applyLogging(config);
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
            registration = null;
        }
        current = null;
        known.clear();
    }

    /** The main file: env COROSYNC_MAIN_CONFIG_FILE, else -Dchorus.config, else ${karaf.etc}/corosync.conf. */
    static Path configPath(Map<String, String> env, Properties props) {
        String p = env.get(ConfigLoader.ENV_MAIN_CONFIG_FILE);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        p = props.getProperty(ConfigLoader.PROP_MAIN_CONFIG_FILE);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String etc = props.getProperty("karaf.etc");
        if (etc != null && !etc.isBlank()) {
            return Path.of(etc, "corosync.conf");
        }
        return ConfigLoader.defaultConfigPath(env, props);
    }

    // ---------------------------------------------------------------- boot: file -> Config Admin

    private void writeSections(ChorusConfig config) throws IOException, InvalidSyntaxException {
        Map<String, Map<String, String>> sections = PidMapping.sectionProperties(config);
        for (Map.Entry<String, Map<String, String>> s : sections.entrySet()) {
            Configuration c = configAdmin.getConfiguration(s.getKey(), "?");
            write(c, s.getValue());
        }
        // Sections an earlier file had and this one has not: emptied, so nothing stale looks in force.
        Configuration[] all = configAdmin.listConfigurations("(service.pid=" + PidMapping.PREFIX + "*)");
        if (all != null) {
            for (Configuration c : all) {
                String section = PidMapping.sectionOf(c.getPid());
                if (section != null && c.getFactoryPid() == null && !sections.containsKey(c.getPid())) {
                    write(c, Map.of());
                }
            }
        }
    }

    private void writeServices(ChorusConfig config) throws IOException, InvalidSyntaxException {
        Map<String, Map<String, String>> services = PidMapping.serviceProperties(config);
        java.util.Set<String> defaults = PidMapping.defaultServiceNames(config);
        for (Map.Entry<String, Map<String, String>> s : services.entrySet()) {
            Configuration c = configAdmin.getFactoryConfiguration(PidMapping.SERVICE_FACTORY_PID, s.getKey(), "?");
            write(c, s.getValue(), Map.of("chorus.origin", defaults.contains(s.getKey()) ? "default"
                    : "corosync.conf"));
        }
        Configuration[] all = configAdmin.listConfigurations(
                "(service.factoryPid=" + PidMapping.SERVICE_FACTORY_PID + ")");
        if (all != null) {
            for (Configuration c : all) {
                String name = c.getPid().substring(c.getPid().indexOf('~') + 1);
                if (!services.containsKey(name)) {
                    known.remove(c.getPid());
                    c.delete();
                }
            }
        }
    }

    /** Writes our keys, keeping foreign properties (fileinstall's file name) so write-back still works. */
    private void write(Configuration c, Map<String, String> props) throws IOException {
        write(c, props, Map.of());
    }

    /** As {@link #write(Configuration, Map)}, with marker properties ({@code chorus.*}) set as well. */
    private void write(Configuration c, Map<String, String> props, Map<String, String> markers) throws IOException {
        Dictionary<String, Object> existing = c.getProperties();
        if (existing != null && PidMapping.ours(existing).equals(props)
                && markers.entrySet().stream().allMatch(m -> m.getValue().equals(existing.get(m.getKey())))) {
            known.put(c.getPid(), Map.copyOf(props));
            return;
        }
        Hashtable<String, Object> d = new Hashtable<>();
        if (existing != null) {
            for (Enumeration<String> keys = existing.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                if (PidMapping.isForeign(k)) {
                    d.put(k, existing.get(k));
                }
            }
        }
        d.putAll(props);
        d.putAll(markers);
        known.put(c.getPid(), Map.copyOf(props));
        c.update(d);
    }

    private void publish(ChorusConfig config) {
        Hashtable<String, Object> props = new Hashtable<>();
        generation++;
        props.put(Constants.SERVICE_RANKING, generation);
        props.put("chorus.config.generation", generation);
        if (config.source() != null) {
            props.put("chorus.config.source", config.source().toString());
        }
        ServiceRegistration<ChorusConfig> old = registration;
        registration = context.registerService(ChorusConfig.class, config, props);
        if (old != null) {
            try {
                old.unregister();
            } catch (IllegalStateException ignored) {
                // bundle stopping
            }
        }
    }

    // ---------------------------------------------------------------- logging { } -> Pax Logging

    private void applyLogging(ChorusConfig config) {
        Map<String, String> ours = PaxLogging.translate(config.logging());
        if (ours.equals(loggingWritten)) {
            return;
        }
        try {
            Configuration c = configAdmin.getConfiguration(PaxLogging.PID, null);
            Dictionary<String, Object> existing = c.getProperties();
            Hashtable<String, Object> d = new Hashtable<>();
            Map<String, String> before = new HashMap<>();
            if (existing != null) {
                for (Enumeration<String> keys = existing.keys(); keys.hasMoreElements(); ) {
                    String k = keys.nextElement();
                    if (PaxLogging.owned(k)) {
                        before.put(k, String.valueOf(existing.get(k)));
                    } else {
                        d.put(k, existing.get(k));
                    }
                }
            }
            loggingWritten = ours;
            if (before.equals(ours)) {
                return;
            }
            d.putAll(ours);
            LOG.info("Pax Logging configured from logging {}: level {}, stderr {}, logfile {}, syslog {}",
                    "{ }", PaxLogging.level(config.logging().debug()), config.logging().toStderr(),
                    config.logging().toLogfile() ? config.logging().logfile() : "no",
                    config.logging().toSyslog() ? config.logging().syslogFacility() : "no");
            c.update(d);
        } catch (IOException e) {
            LOG.error("Could not configure Pax Logging from logging {}", "{ }", e);
        }
    }

    // ---------------------------------------------------------------- runtime: Config Admin -> node

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        if (pid == null || !pid.startsWith(PidMapping.PREFIX)) {
            return;
        }
        synchronized (this) {
            if (current == null) {
                return;
            }
            try {
                if (PidMapping.SERVICE_FACTORY_PID.equals(event.getFactoryPid())) {
                    serviceEvent(event);
                } else {
                    String section = PidMapping.sectionOf(pid);
                    if (section != null) {
                        sectionEvent(event, section);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Could not process the change of {}", pid, e);
            }
        }
    }

    private void sectionEvent(ConfigurationEvent event, String section) throws IOException {
        String pid = event.getPid();
        Map<String, String> before = known.getOrDefault(pid, Map.of());
        Map<String, String> after;
        Configuration c = null;
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            after = Map.of();
        } else {
            c = configAdmin.getConfiguration(pid, "?");
            after = PidMapping.ours(c.getProperties());
        }
        if (after.equals(before)) {
            return; // our own write, or nothing that matters
        }
        ChangeProcessor.Result r = ChangeProcessor.process(current, section, before, after);
        for (ConfigProblem w : r.warnings()) {
            LOG.warn("{}", w);
        }
        if (!r.kept().isEmpty()) {
            LOG.info("{} keeps {} (not in the edit; keys are removed by editing corosync.conf and restarting)",
                    pid, String.join(", ", r.kept()));
        }
        report(r.events());
        boolean applied = r.next() != current;
        if (applied) {
            current = r.next();
        }
        known.put(pid, Map.copyOf(r.properties()));
        if (r.refused()) {
            // Put the refused keys back as they were, so Config Admin shows what is in force.
            if (c == null) {
                c = configAdmin.getConfiguration(pid, "?");
            }
            write(c, r.properties());
        }
        if (applied) {
            publish(current);
            if (section.equals("logging")) {
                applyLogging(current);
            }
        }
        deliver(r.events());
    }

    /**
     * service { } stanzas are the service manager's: the bridge checks name and ver and passes the edit
     * on (the executive loads and unloads engines from these configurations).
     */
    private void serviceEvent(ConfigurationEvent event) throws IOException {
        String pid = event.getPid();
        String name = pid.substring(pid.indexOf('~') + 1);
        Map<String, String> before = known.getOrDefault(pid, Map.of());
        Map<String, String> after = event.getType() == ConfigurationEvent.CM_DELETED ? Map.of()
                : PidMapping.ours(configAdmin.getConfiguration(pid, "?").getProperties());
        if (after.equals(before)) {
            return;
        }
        List<ConfigChangeEvent> events = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String o = before.get(k);
            String n = after.get(k);
            if (!Objects.equals(o, n)) {
                events.add(new ConfigChangeEvent("service", name + "." + k, o, n, Outcome.APPLIED,
                        after.isEmpty() ? "service stanza removed" : "handed to the service manager"));
            }
        }
        if (after.isEmpty()) {
            known.remove(pid);
        } else {
            known.put(pid, Map.copyOf(after));
        }
        report(events);
        deliver(events);
    }

    private void report(List<ConfigChangeEvent> events) {
        for (ConfigChangeEvent e : events) {
            if (e.applied()) {
                LOG.info("config change applied: {} = {} (was {}; {})", e.path(), e.newValue(), e.oldValue(),
                        e.reason());
            } else {
                LOG.warn("config change refused: {} = {} (stays {}): {}", e.path(), e.newValue(), e.oldValue(),
                        e.reason());
            }
        }
    }

    private void deliver(List<ConfigChangeEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<ConfigChangeEvent> copy = List.copyOf(events);
        for (ChorusConfigListener l : listeners) {
            try {
                l.configurationChanged(copy, current);
            } catch (RuntimeException e) {
                LOG.error("ChorusConfigListener {} failed", l, e);
            }
        }
    }
}
