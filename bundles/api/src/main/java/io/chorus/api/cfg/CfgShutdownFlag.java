package io.chorus.api.cfg;

/** {@code corosync_cfg_shutdown_flags_t}: how a shutdown asks for consent. */
public enum CfgShutdownFlag {
    /** Ask every tracking client in the cluster; any NO (or no answer in time) refuses the shutdown. */
    REQUEST(0),
    /** Ask, but shut down whatever they answer. */
    REGARDLESS(1),
    /** Do not ask. */
    IMMEDIATE(2);

    private final int code;

    CfgShutdownFlag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static CfgShutdownFlag of(int code) {
        for (CfgShutdownFlag f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new IllegalArgumentException("shutdown flag " + code);
    }
}
