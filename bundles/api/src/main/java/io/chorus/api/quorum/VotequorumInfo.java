package io.chorus.api.quorum;

/**
 * {@code votequorum_getinfo}: one node's votes and state plus the cluster's totals as this node computes them.
 * Flags are votequorum.h's: {@link #TWONODE} 1, {@link #QUORATE} 2, {@link #WAIT_FOR_ALL} 4,
 * {@link #LAST_MAN_STANDING} 8, {@link #AUTO_TIE_BREAKER} 16, {@link #ALLOW_DOWNSCALE} 32.
 */
public record VotequorumInfo(int nodeId, int nodeState, int nodeVotes, int nodeExpectedVotes, int highestExpected,
        int totalVotes, int quorum, int flags) {

    public static final int TWONODE = 1;
    public static final int QUORATE = 2;
    public static final int WAIT_FOR_ALL = 4;
    public static final int LAST_MAN_STANDING = 8;
    public static final int AUTO_TIE_BREAKER = 16;
    public static final int ALLOW_DOWNSCALE = 32;

    public boolean quorate() {
        return (flags & QUORATE) != 0;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
