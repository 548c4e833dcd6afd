package io.chorus.config.internal.cm;

import io.chorus.config.ChorusConfig;
import io.chorus.config.EffectiveEntry;
import io.chorus.config.Era;
import io.chorus.config.ServiceStanza;
import io.chorus.config.ValueSource;

import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How corosync.conf maps onto Config Admin.
 * <ul>
 *   <li>section {@code X} (totem, logging, quorum, nodelist, system, ...) becomes the configuration
 *       {@code io.chorus.X}; its explicit keys become properties named as cmap names them inside the
 *       section: {@code token}, {@code interface.0.mcastport}, {@code node.1.ring0_addr},
 *       {@code logger_subsys.0.debug};</li>
 *   <li>top-level keys (e.g. {@code compatibility}) go to {@code io.chorus.global};</li>
 *   <li>each {@code service { }} stanza becomes a factory configuration {@code io.chorus.service}
 *       named after the service ({@code io.chorus.service~pacemaker}), properties {@code name},
 *       {@code ver} and the stanza's other keys; plus one per service of the era's default set unless
 *       {@code aisexec { defaultservices: no }} (marked {@code chorus.origin = default}).</li>
 * </ul>
 * Only explicit values are written: defaults and derived values stay derived (change {@code token} and
 * {@code consensus} follows unless it was set). Property values are strings, as in the file.
 */
final class PidMapping {

    static final String PREFIX = "io.chorus.";
    static final String GLOBAL_PID = PREFIX + "global";
    static final String SERVICE_FACTORY_PID = PREFIX + "service";
    /** Configurations the bridge always creates, even when the file has no such section. */
    static final List<String> ALWAYS = List.of(PREFIX + "totem", PREFIX + "logging", PREFIX + "quorum",
            PREFIX + "nodelist");
    /** Properties Config Admin, fileinstall and Karaf add; never configuration keys. */
    private static final Set<String> FOREIGN = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename", "component.name", "component.id");

    private PidMapping() { }

    /** The pid of a (non-service) dotted key. */
    static String pidOf(String dottedKey) {
        int dot = dottedKey.indexOf('.');
        return dot < 0 ? GLOBAL_PID : PREFIX + dottedKey.substring(0, dot);
    }

    /** The property name of a dotted key inside the given section. */
    static String propertyOf(String dottedKey, String section) {
        return section.isEmpty() ? dottedKey : dottedKey.substring(section.length() + 1);
    }

    /** The property name of a (non-service) dotted key inside its pid. */
    static String propertyOf(String dottedKey) {
        int dot = dottedKey.indexOf('.');
        return dot < 0 ? dottedKey : dottedKey.substring(dot + 1);
    }

    /** The section of a pid ({@code ""} for the global pid), or null when the pid is not one of ours. */
    static String sectionOf(String pid) {
        if (pid == null || !pid.startsWith(PREFIX) || pid.startsWith(SERVICE_FACTORY_PID + "~")
                || pid.equals(SERVICE_FACTORY_PID)) {
            return null;
        }
        if (pid.equals(GLOBAL_PID)) {
            return "";
        }
        String s = pid.substring(PREFIX.length());
        return s.isEmpty() || s.contains(".") ? null : s;
    }

    /** The dotted key of a property of a section pid. */
    static String keyOf(String section, String property) {
        return section.isEmpty() ? property : section + "." + property;
    }

    /** Explicit values per pid (services excluded), with {@link #ALWAYS} present. */
    static Map<String, Map<String, String>> sectionProperties(ChorusConfig config) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String pid : ALWAYS) {
            out.put(pid, new TreeMap<>());
        }
        for (EffectiveEntry e : config.effectiveEntries()) {
            if (e.source() != ValueSource.EXPLICIT || e.key().startsWith("service.") || e.value() == null) {
                continue;
            }
            out.computeIfAbsent(pidOf(e.key()), p -> new TreeMap<>()).put(propertyOf(e.key()), e.value());
        }
        return out;
    }

    /**
     * The services an era loads when the file has no {@code service { }} stanza and
     * {@code aisexec { defaultservices }} is not {@code no} (services.md section 2.3). The executive maps
     * these names to engines, as it maps stanza names.
     */
    static List<String> defaultServices(Era era) {
        return switch (era) {
            case AIS_NETWORK_CONF, OPENAIS_070 -> List.of("openais_evs", "openais_clm", "openais_amf", "openais_ckpt",
                    "openais_evt", "openais_cpg", "openais_cfg");
            case WHITETANK -> List.of("corosync_evs", "corosync_cfg", "corosync_cpg", "corosync_confdb",
                    "corosync_pload", "corosync_quorum", "openais_clm", "openais_evt", "openais_ckpt");
            case COROSYNC_3 -> List.of("corosync_cmap", "corosync_cfg", "corosync_cpg", "corosync_pload",
                    "corosync_votequorum", "corosync_quorum");
        };
    }

    /**
     * Whether the era's default services are loaded: unless {@code aisexec { defaultservices: no }}, as
     * Corosync 1.x does; stanzas add to them (a stanza naming a default service replaces its entry).
     */
    static boolean usesDefaultServices(ChorusConfig config) {
        return config.aisexec() == null || config.aisexec().defaultServices();
    }

    /** Configuration names of the default services that no stanza replaced. */
    static java.util.Set<String> defaultServiceNames(ChorusConfig config) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (usesDefaultServices(config)) {
            for (String name : defaultServices(config.era())) {
                if (config.services().stream().noneMatch(s -> s.name().equals(name))) {
                    out.add(configName(name));
                }
            }
        }
        return out;
    }

    /** One entry per default service and per service stanza: configuration name (unique) to properties. */
    static Map<String, Map<String, String>> serviceProperties(ChorusConfig config) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        java.util.Set<String> defaults = defaultServiceNames(config);
        for (String name : defaultServices(config.era())) {
            if (defaults.contains(configName(name))) {
                Map<String, String> props = new TreeMap<>();
                props.put("name", name);
                props.put("ver", "0");
                out.put(configName(name), props);
            }
        }
        for (ServiceStanza s : config.services()) {
            Map<String, String> props = new TreeMap<>();
            props.put("name", s.name());
            props.put("ver", Integer.toString(s.ver()));
            props.putAll(s.extra());
            String name = configName(s.name());
            String unique = name;
            for (int i = 2; out.containsKey(unique); i++) {
                unique = name + "-" + i;
            }
            out.put(unique, props);
        }
        return out;
    }

    /** A factory configuration name: the service name with characters outside [A-Za-z0-9_.-] replaced. */
    static String configName(String serviceName) {
        return serviceName.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The configuration keys of a Config Admin dictionary, as strings (foreign properties dropped). */
    static Map<String, String> ours(Dictionary<String, Object> props) {
        Map<String, String> out = new TreeMap<>();
        if (props == null) {
            return out;
        }
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (isForeign(k)) {
                continue;
            }
            Object v = props.get(k);
            out.put(k, stringOf(v));
        }
        return out;
    }

    /** Properties that are not configuration keys: Config Admin's, fileinstall's, Karaf's, Chorus markers. */
    static boolean isForeign(String property) {
        return FOREIGN.contains(property) || property.startsWith("chorus.") || property.startsWith(".")
                || property.startsWith("felix.") || property.startsWith("service.");
    }

    static String stringOf(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Object[] a) {
            return String.join(",", java.util.Arrays.stream(a).map(String::valueOf).toList());
        }
        return String.valueOf(v).trim();
    }
}
