package io.chorus.config;

import java.util.List;

/**
 * The resolved {@code logging { }} section. OpenAIS 0.70's {@code logoutput: file|stderr|syslog} lines are
 * translated to the to_* switches (its defaults: stderr + syslog, debug and timestamp on).
 */
public final class LoggingSettings {
    private final SectionValues v;
    private final List<LoggerSubsys> subsystems;

    public LoggingSettings(SectionValues values, List<LoggerSubsys> subsystems) {
        this.v = values;
        this.subsystems = List.copyOf(subsystems);
    }

    public SectionValues values() { return v; }
    public boolean toStderr() { return v.bool("to_stderr"); }
    public boolean toLogfile() { return v.bool("to_logfile"); }
    public boolean toSyslog() { return v.bool("to_syslog"); }
    /** Null when no log file is configured. */
    public String logfile() { return v.string("logfile"); }
    /** on, off or trace. */
    public String debug() { return v.string("debug"); }
    /** on, off or hires. */
    public String timestamp() { return v.string("timestamp"); }
    public boolean fileline() { return "on".equals(v.string("fileline")); }
    public boolean functionName() { return "on".equals(v.string("function_name")); }
    public String syslogFacility() { return v.string("syslog_facility"); }
    public String syslogPriority() { return v.string("syslog_priority"); }
    public String logfilePriority() { return v.string("logfile_priority"); }
    /** Per-subsystem overrides, in file order. */
    public List<LoggerSubsys> subsystems() { return subsystems; }
}
