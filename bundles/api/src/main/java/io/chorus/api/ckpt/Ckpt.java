package io.chorus.api.ckpt;

/** Constants of the checkpoint API ({@code saCkpt.h} values). */
public final class Ckpt {

    /** Open flags. */
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int CREATE = 4;

    /** Creation flags. */
    public static final int WR_ALL_REPLICAS = 1;
    public static final int WR_ACTIVE_REPLICA = 2;
    public static final int WR_ACTIVE_REPLICA_WEAK = 4;
    public static final int CHECKPOINT_COLLOCATED = 8;

    /** {@code SA_TIME_END}: never (expiration, retention). */
    public static final long TIME_END = Long.MAX_VALUE;

    /** Section iteration selections. */
    public static final int SECTIONS_FOREVER = 1;
    public static final int SECTIONS_LEQ_EXPIRATION_TIME = 2;
    public static final int SECTIONS_GEQ_EXPIRATION_TIME = 3;
    public static final int SECTIONS_CORRUPTED = 4;
    public static final int SECTIONS_ANY = 5;

    /** Section states. */
    public static final int SECTION_VALID = 1;
    public static final int SECTION_CORRUPTED = 2;

    private Ckpt() {
    }
}
