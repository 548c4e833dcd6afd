package io.chorus.api.clm;

/** {@code SaTrackFlagsT} bits of {@link Clm#clusterTrack}. */
public final class ClmTrackFlags {

    /** The current membership, once. */
    public static final int CURRENT = 0x1;
    /** On every change: every member (NO_CHANGE unless it changed) and the nodes that left. */
    public static final int CHANGES = 0x2;
    /** On every change: only the nodes that changed. */
    public static final int CHANGES_ONLY = 0x4;

    private ClmTrackFlags() {
    }
}
