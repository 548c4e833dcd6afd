package io.chorus.api.cpg;

/** What {@link Cpg#iteration} enumerates ({@code cpg_iteration_type_t}). */
public enum CpgIterationType {
    /** Every group name once. */
    NAME_ONLY(1),
    /** The processes of one group. */
    ONE_GROUP(2),
    /** Every process of every group. */
    ALL(3);

    private final int code;

    CpgIterationType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static CpgIterationType of(int code) {
        for (CpgIterationType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
