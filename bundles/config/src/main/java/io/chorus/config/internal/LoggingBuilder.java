package io.chorus.config.internal;

import io.chorus.config.Era;
import io.chorus.config.LoggerSubsys;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code logging { }}: the to_* switches (or OpenAIS 0.70's repeated {@code logoutput}), per-subsystem
 * {@code logger_subsys { subsys }} / whitetank {@code logger { ident }} overrides, and the promised
 * "logmode set to 'file' but no logfile specified" error.
 */
final class LoggingBuilder {

    static final String NO_LOGFILE = "logmode set to 'file' but no logfile specified";
    private static final Set<String> TAGS = Set.of("enter", "leave", "return", "trace1", "trace2", "trace3", "trace4",
            "trace5", "trace6", "trace7", "trace8");

    private final BuildContext ctx;
    final ValueTable table = new ValueTable("logging", "logging");
    final List<LoggerSubsys> subsystems = new ArrayList<>();

    LoggingBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    void build(ConfigNode root) {
        Map<String, ValueTable> tables = Map.of("logging", table);
        List<ConfigNode> sections = root.sections("logging");
        Set<String> outputs = new LinkedHashSet<>();
        ConfigNode.KeyValue fileOutput = null;
        ConfigNode.KeyValue lastOutput = null;
        for (ConfigNode s : sections) {
            ctx.collect(s, "logging", table, tables, Set.of("logoutput"), Set.of("logger_subsys", "logger"));
            for (ConfigNode.KeyValue kv : s.all("logoutput")) {
                if (!List.of("file", "stderr", "syslog").contains(kv.value())) {
                    ctx.error(kv, "unknown value for logoutput");
                    continue;
                }
                outputs.add(kv.value());
                lastOutput = kv;
                if (kv.value().equals("file")) {
                    fileOutput = kv;
                }
            }
            for (ConfigNode.KeyValue kv : s.all("to_file")) {
                if (ctx.era == Era.COROSYNC_3) {
                    ctx.warning(kv, "to_file is obsoleted, use to_logfile");
                }
            }
            for (ConfigNode.KeyValue kv : s.all("syslog_level")) {
                ctx.warning(kv, "syslog_level is obsoleted, use syslog_priority");
            }
        }
        if (lastOutput != null) {
            // OpenAIS 0.70: the logoutput lines name every destination; the others are off.
            table.derived("to_stderr", outputs.contains("stderr"), lastOutput);
            table.derived("to_logfile", outputs.contains("file"), fileOutput != null ? fileOutput : lastOutput);
            table.derived("to_syslog", outputs.contains("syslog"), lastOutput);
        }
        if (table.has("syslog_level") && !table.has("syslog_priority")) {
            table.derived("syslog_priority", table.get("syslog_level"), table.origin("syslog_level"));
        }
        table.remove("syslog_level");
        ctx.fillDefaults(table, Set.of("logoutput", "syslog_level"));
        if ((Boolean) table.get("to_logfile") && !table.has("logfile")) {
            ConfigNode.KeyValue at = fileOutput != null ? fileOutput : table.origin("to_logfile");
            if (at != null) {
                ctx.error(at, NO_LOGFILE);
            } else {
                ctx.error(sections.get(0).file(), sections.get(0).line(), NO_LOGFILE);
            }
        }
        checkTags(table);
        int index = 0;
        for (ConfigNode s : sections) {
            for (ConfigNode sub : s.sections()) {
                boolean cs1 = sub.name().equals("logger_subsys");
                if (!cs1 && !sub.name().equals("logger")) {
                    continue;
                }
                String nameKey = cs1 ? "subsys" : "ident";
                String spec = "logging." + sub.name();
                ValueTable t = new ValueTable("logging." + sub.name() + "." + index++, spec);
                ctx.collect(sub, spec, t, Map.of(), Set.of(), Set.of());
                if (!t.has(nameKey)) {
                    ctx.error(sub.file(), sub.line(), nameKey + " required for logger directive");
                    continue;
                }
                ctx.fillDefaults(t, Set.of());
                checkTags(t);
                boolean toFile = t.has("to_logfile") ? (Boolean) t.get("to_logfile") : (Boolean) table.get("to_logfile");
                if (toFile && !t.has("logfile") && !table.has("logfile") && t.isExplicit("to_logfile")) {
                    ctx.error(t.origin("to_logfile"), NO_LOGFILE);
                }
                subsystems.add(new LoggerSubsys(t.getString(nameKey), t.freeze()));
            }
        }
    }

    private void checkTags(ValueTable t) {
        String tags = t.getString("tags");
        if (tags == null) {
            return;
        }
        for (String tag : tags.split("\\|")) {
            if (!TAGS.contains(tag.trim())) {
                ctx.warning(t.origin("tags"), "bad tags value '" + tag.trim() + "'");
            }
        }
    }
}
