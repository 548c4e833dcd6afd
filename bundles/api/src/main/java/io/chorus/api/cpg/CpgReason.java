package io.chorus.api.cpg;

/** Why a process appears in a confchg's joined or left list ({@code cpg_reason_t}; the numbers are on the wire). */
public enum CpgReason {
    /** Not a change: the entries of a member list and of membership_get. */
    NONE(0),
    JOIN(1),
    LEAVE(2),
    /** The process's node left the ring. */
    NODEDOWN(3),
    /** Learnt from a node's joinlist after a membership change (a merge, or a node that joined the ring). */
    NODEUP(4),
    /** The process's connection to its executive closed without a leave (it died or finalized). */
    PROCDOWN(5);

    private final int code;

    CpgReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason for a wire code; unknown codes are {@link #NONE}. */
    public static CpgReason of(int code) {
        for (CpgReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return NONE;
    }
}
