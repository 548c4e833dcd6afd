package io.chorus.config;

/**
 * A per-subsystem logging override: {@code logger_subsys { subsys }} (Corosync 1.x) or
 * {@code logger { ident }} (whitetank). Unset overrides inherit from the logging section.
 */
public final class LoggerSubsys {
    private final SectionValues values;
    private final String subsys;

    public LoggerSubsys(String subsys, SectionValues values) {
        this.subsys = subsys;
        this.values = values;
    }

    public String subsys() { return subsys; }
    /** on, off or trace. */
    public String debug() { return values.string("debug"); }
    public String tags() { return values.string("tags"); }
    public SectionValues values() { return values; }
}
