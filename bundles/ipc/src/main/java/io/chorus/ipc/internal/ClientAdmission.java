package io.chorus.ipc.internal;

import java.util.function.IntFunction;

/**
 * Whether a connecting peer is admitted: its uid and primary gid (what SO_PEERCRED gives) against the
 * {@link AccessPolicy}, then, only when they do not admit it, its supplementary groups. Those are looked up last
 * because the lookup reads /proc/&lt;pid&gt;/status, file I/O on what is the ring's event loop in a node.
 */
public final class ClientAdmission {

    private static final int[] NO_GROUPS = new int[0];

    private ClientAdmission() {
    }

    /**
     * The decision for the peer {@code pid} running as {@code uid} and {@code gid}.
     *
     * @param supplementaryGroups the peer's supplementary gids by pid ({@code PeerGroups::of} in the server); called
     *                            only when uid and primary gid do not admit
     */
    public static boolean admits(AccessPolicy policy, int pid, int uid, int gid,
            IntFunction<int[]> supplementaryGroups) {
        return policy.admits(uid, gid, NO_GROUPS) || policy.admits(uid, gid, supplementaryGroups.apply(pid));
    }

    /** The decision as the server takes it, with the supplementary groups from /proc. */
    static boolean admitsPeer(AccessPolicy policy, int pid, int uid, int gid) {
        return admits(policy, pid, uid, gid, PeerGroups::of);
    }
}
