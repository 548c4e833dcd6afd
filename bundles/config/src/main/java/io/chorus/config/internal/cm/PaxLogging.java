package io.chorus.config.internal.cm;

import io.chorus.config.LoggerSubsys;
import io.chorus.config.LoggingSettings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Translates {@code logging { }} into properties of Pax Logging's Config Admin configuration
 * ({@code org.ops4j.pax.logging}, log4j2 properties syntax, as Karaf 4.4's
 * {@code etc/org.ops4j.pax.logging.cfg}). Karaf's own appenders and loggers are left alone; Chorus adds:
 * <ul>
 *   <li>logger {@code io.chorus} at INFO, DEBUG ({@code debug: on}) or TRACE ({@code debug: trace}),
 *       additive, so messages also reach {@code data/log/karaf.log} and {@code log:tail};</li>
 *   <li>{@code to_stderr} → a Console appender on standard error;</li>
 *   <li>{@code to_logfile} + {@code logfile} → a File appender (threshold {@code logfile_priority});</li>
 *   <li>{@code to_syslog} → a Syslog appender to localhost:514/udp with {@code syslog_facility}
 *       (threshold {@code syslog_priority});</li>
 *   <li>{@code timestamp on|hires|off} and {@code fileline}/{@code function_name} → the pattern;</li>
 *   <li>{@code logger_subsys { subsys: X debug: on }} → loggers {@code io.chorus.x} and
 *       {@code io.chorus.services.x} at DEBUG (TRACE for {@code trace}, the global level for {@code off});
 *       its {@code to_stderr}/{@code to_logfile}/{@code to_syslog} override the section's destinations
 *       (such a logger is not additive and names Karaf's log appenders itself).</li>
 * </ul>
 */
final class PaxLogging {

    static final String PID = "org.ops4j.pax.logging";
    /** Every key Chorus writes starts with one of these; they are replaced as a whole on each update. */
    static final String[] OWNED_PREFIXES = {"log4j2.logger.chorus", "log4j2.appender.chorus"};

    private PaxLogging() { }

    static boolean owned(String key) {
        for (String p : OWNED_PREFIXES) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static String pattern(LoggingSettings l) {
        StringBuilder p = new StringBuilder();
        switch (String.valueOf(l.timestamp())) {
            case "on" -> p.append("%d{MMM dd HH:mm:ss} ");
            case "hires" -> p.append("%d{MMM dd HH:mm:ss.SSS} ");
            default -> { }
        }
        // Corosync's "[TOTEM ]": the subsystem is the package under io.chorus (or io.chorus.services).
        p.append("[%-6replace{%c}{^io\\.chorus\\.(?:services\\.)?([^.]+).*$}{$1}] ");
        if (l.fileline()) {
            p.append("%F:%L ");
        }
        if (l.functionName()) {
            p.append("%M() ");
        }
        p.append("%-5p %m%n%throwable");
        return p.toString();
    }

    static String level(String debug) {
        if (debug == null) {
            return "INFO";
        }
        return switch (debug) {
            case "on" -> "DEBUG";
            case "trace" -> "TRACE";
            default -> "INFO";
        };
    }

    /** A syslog priority as a log4j2 level. */
    static String priorityLevel(String priority) {
        if (priority == null) {
            return "INFO";
        }
        return switch (priority.toLowerCase(Locale.ROOT)) {
            case "emerg", "alert", "crit" -> "FATAL";
            case "err", "error" -> "ERROR";
            case "warning", "warn" -> "WARN";
            case "debug" -> "DEBUG";
            case "trace" -> "TRACE";
            default -> "INFO";
        };
    }

    /** The more verbose of two levels: with {@code debug: on}, debug messages pass the priority filters. */
    static String moreVerbose(String a, String b) {
        String order = "OFF FATAL ERROR WARN INFO DEBUG TRACE ALL";
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    private static boolean anyOverride(LoggingSettings l, String key) {
        return l.subsystems().stream().anyMatch(s -> Boolean.TRUE.equals(override(s, key)));
    }

    /** A per-subsystem to_* override, or null when the subsystem inherits the section's value. */
    static Boolean override(LoggerSubsys s, String key) {
        return s.values().get(key).map(v -> v instanceof Boolean b ? b
                : Boolean.valueOf(v.toString().equals("yes") || v.toString().equals("on"))).orElse(null);
    }

    /** The Chorus-owned properties for these settings (every key starts with an {@link #OWNED_PREFIXES owned prefix}). */
    static Map<String, String> translate(LoggingSettings l) {
        Map<String, String> p = new LinkedHashMap<>();
        String level = level(l.debug());
        String pattern = pattern(l);
        p.put("log4j2.logger.chorus.name", "io.chorus");
        p.put("log4j2.logger.chorus.level", level);
        p.put("log4j2.logger.chorus.additivity", "true");
        boolean anyStderr = l.toStderr() || anyOverride(l, "to_stderr");
        boolean anyLogfile = l.logfile() != null && (l.toLogfile() || anyOverride(l, "to_logfile"));
        boolean anySyslog = l.toSyslog() || anyOverride(l, "to_syslog");
        if (anyStderr) {
            p.put("log4j2.appender.chorusstderr.type", "Console");
            p.put("log4j2.appender.chorusstderr.name", "ChorusStderr");
            p.put("log4j2.appender.chorusstderr.target", "SYSTEM_ERR");
            p.put("log4j2.appender.chorusstderr.layout.type", "PatternLayout");
            p.put("log4j2.appender.chorusstderr.layout.pattern", pattern);
        }
        if (l.toStderr()) {
            p.put("log4j2.logger.chorus.appenderRef.ChorusStderr.ref", "ChorusStderr");
        }
        if (anyLogfile) {
            p.put("log4j2.appender.chorusfile.type", "File");
            p.put("log4j2.appender.chorusfile.name", "ChorusLogfile");
            p.put("log4j2.appender.chorusfile.fileName", l.logfile());
            p.put("log4j2.appender.chorusfile.append", "true");
            p.put("log4j2.appender.chorusfile.layout.type", "PatternLayout");
            p.put("log4j2.appender.chorusfile.layout.pattern", pattern);
            p.put("log4j2.appender.chorusfile.filter.threshold.type", "ThresholdFilter");
            p.put("log4j2.appender.chorusfile.filter.threshold.level",
                    moreVerbose(priorityLevel(l.logfilePriority()), level));
        }
        if (anyLogfile && l.toLogfile()) {
            p.put("log4j2.logger.chorus.appenderRef.ChorusLogfile.ref", "ChorusLogfile");
        }
        if (anySyslog) {
            String facility = l.syslogFacility() == null ? "DAEMON" : l.syslogFacility().toUpperCase(Locale.ROOT);
            p.put("log4j2.appender.chorussyslog.type", "Syslog");
            p.put("log4j2.appender.chorussyslog.name", "ChorusSyslog");
            p.put("log4j2.appender.chorussyslog.host", "localhost");
            p.put("log4j2.appender.chorussyslog.port", "514");
            p.put("log4j2.appender.chorussyslog.protocol", "UDP");
            p.put("log4j2.appender.chorussyslog.appName", "chorus");
            p.put("log4j2.appender.chorussyslog.facility", facility);
            p.put("log4j2.appender.chorussyslog.ignoreExceptions", "true");
            p.put("log4j2.appender.chorussyslog.filter.threshold.type", "ThresholdFilter");
            p.put("log4j2.appender.chorussyslog.filter.threshold.level",
                    moreVerbose(priorityLevel(l.syslogPriority()), level));
        }
        if (l.toSyslog()) {
            p.put("log4j2.logger.chorus.appenderRef.ChorusSyslog.ref", "ChorusSyslog");
        }
        int i = 0;
        for (LoggerSubsys s : l.subsystems()) {
            if (s.subsys() == null || s.subsys().isBlank()) {
                continue;
            }
            String sub = s.subsys().trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            String subLevel = s.debug() == null || "off".equals(s.debug()) ? level : level(s.debug());
            Boolean subStderr = override(s, "to_stderr");
            Boolean subLogfile = override(s, "to_logfile");
            Boolean subSyslog = override(s, "to_syslog");
            boolean own = subStderr != null || subLogfile != null || subSyslog != null;
            for (String name : new String[] {"io.chorus." + sub, "io.chorus.services." + sub}) {
                String id = "chorussub" + i++;
                p.put("log4j2.logger." + id + ".name", name);
                p.put("log4j2.logger." + id + ".level", subLevel);
                if (own) {
                    // Per-subsystem destinations: not additive, so list every destination, Karaf's log too.
                    String prefix = "log4j2.logger." + id + ".appenderRef.";
                    p.put("log4j2.logger." + id + ".additivity", "false");
                    p.put(prefix + "RollingFile.ref", "RollingFile");
                    p.put(prefix + "PaxOsgi.ref", "PaxOsgi");
                    if ((subStderr != null ? subStderr : l.toStderr()) && anyStderr) {
                        p.put(prefix + "ChorusStderr.ref", "ChorusStderr");
                    }
                    if ((subLogfile != null ? subLogfile : l.toLogfile()) && p.containsKey("log4j2.appender.chorusfile.type")) {
                        p.put(prefix + "ChorusLogfile.ref", "ChorusLogfile");
                    }
                    if ((subSyslog != null ? subSyslog : l.toSyslog()) && p.containsKey("log4j2.appender.chorussyslog.type")) {
                        p.put(prefix + "ChorusSyslog.ref", "ChorusSyslog");
                    }
                }
            }
        }
        return p;
    }
}
