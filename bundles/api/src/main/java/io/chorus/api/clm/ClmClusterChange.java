package io.chorus.api.clm;

/** {@code SaClmClusterChangesT}. */
public enum ClmClusterChange {
    NO_CHANGE(1),
    JOINED(2),
    LEFT(3),
    /** The node restarted (new boot time) between two configurations without being seen to leave. */
    RECONFIGURED(4);

    private final int code;

    ClmClusterChange(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ClmClusterChange of(int code) {
        for (ClmClusterChange c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("cluster change " + code);
    }
}
