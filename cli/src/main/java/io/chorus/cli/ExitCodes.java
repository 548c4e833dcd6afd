package io.chorus.cli;

/** Exit codes shared by all subcommands (the configuration code is Corosync's MAINCONFIGREAD). */
public final class ExitCodes {
    public static final int OK = 0;
    /** Bad command line: no or unknown subcommand, unknown option, or help requested. */
    public static final int USAGE = 1;
    /** The configuration file is invalid or unreadable (Corosync's AIS_DONE_MAINCONFIGREAD). */
    public static final int MAIN_CONFIG_READ = 8;

    private ExitCodes() { }
}
