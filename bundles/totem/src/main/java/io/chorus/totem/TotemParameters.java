package io.chorus.totem;

/**
 * The protocol constants of one ring, all in milliseconds or counts. Every member of a ring must use the
 * same values (Corosync reads them from {@code runtime.config.totem.*}). The core takes this record and
 * nothing else from the configuration; the config bundle fills it from {@code corosync.conf}.
 *
 * @param token                     token-loss timeout
 * @param tokenRetransmit           re-send the token copy after this long without a newer token
 * @param hold                      how long the representative holds the token of an idle ring
 * @param join                      join message re-send interval while gathering
 * @param consensus                 how long to wait for every node to agree on a membership
 * @param merge                     idle-ring probe interval (MERGE_DETECT)
 * @param failRecvConst             token rotations with an unchanged aru before FAILED TO RECEIVE
 * @param seqnoUnchangedConst       idle rotations before the ring counts as idle and the token is held
 * @param missCountConst            token visits a message may be missing before it is requested again
 * @param windowSize                messages the whole ring may send in one rotation
 * @param maxMessages               messages one node may send per token visit
 * @param netMtu                    the network MTU; totem packets are at most {@code netMtu - 90} bytes
 * @param sendJoin                  upper bound of the random delay before a join goes out (0 = none)
 * @param sendQueueCapacity         messages a node may queue before {@link TotemCore#send} refuses more
 */
public record TotemParameters(
        int token,
        int tokenRetransmit,
        int hold,
        int join,
        int consensus,
        int merge,
        int failRecvConst,
        int seqnoUnchangedConst,
        int missCountConst,
        int windowSize,
        int maxMessages,
        int netMtu,
        int sendJoin,
        int sendQueueCapacity) {

    /** Corosync subtracts the size of two IP+UDP headers plus slack from netmtu ({@code totemsrp_net_mtu_adjust}). */
    public static final int MTU_ADJUST = 2 * 45;

    public static final int RETRANSMITS_BEFORE_LOSS = 4;
    public static final int TOKEN_COEFFICIENT = 650;

    public TotemParameters {
        if (token <= 0 || tokenRetransmit <= 0 || hold <= 0 || join <= 0 || consensus <= 0 || merge <= 0) {
            throw new IllegalArgumentException("every timeout must be positive");
        }
        if (windowSize <= 0 || maxMessages <= 0 || sendQueueCapacity <= 0) {
            throw new IllegalArgumentException("window_size, max_messages and the send queue must be positive");
        }
        if (netMtu - MTU_ADJUST < 256) {
            throw new IllegalArgumentException("netmtu " + netMtu + " is too small");
        }
    }

    /** Corosync 3's defaults for a nodelist of {@code nodeCount} nodes (corosync-wire.md §2.0). */
    public static TotemParameters corosyncDefaults(int nodeCount) {
        int token = 3000 + (nodeCount > 2 ? (nodeCount - 2) * TOKEN_COEFFICIENT : 0);
        return withToken(defaultsFor(token), token);
    }

    /** The same constants with another token timeout and the values Corosync derives from it. */
    public TotemParameters withDerivedFromToken(int newToken) {
        return withToken(this, newToken);
    }

    /**
     * {@code token_retransmits_before_loss_const}: how many times the token is re-sent before it counts as lost;
     * Corosync derives token_retransmit = token / (n + 0.2) and hold from it. A lossy network wants more.
     */
    public TotemParameters withRetransmitsBeforeLoss(int retransmits) {
        int tokenRetransmit = (int) (token / (retransmits + 0.2));
        int newHold = Math.max((int) (tokenRetransmit * 0.8 - 10), 1);
        return new TotemParameters(token, tokenRetransmit, newHold, join, consensus, merge, failRecvConst,
                seqnoUnchangedConst, missCountConst, windowSize, maxMessages, netMtu, sendJoin, sendQueueCapacity);
    }

    private static TotemParameters defaultsFor(int token) {
        return new TotemParameters(token, 1, 1, 50, 1, 200, 2500, 30, 5, 50, 17, 1500, 0, 16384);
    }

    private static TotemParameters withToken(TotemParameters p, int token) {
        int tokenRetransmit = (int) (token / (RETRANSMITS_BEFORE_LOSS + 0.2));
        int hold = (int) (tokenRetransmit * 0.8 - 10);
        int consensus = (int) (1.2 * token);
        return new TotemParameters(token, tokenRetransmit, Math.max(hold, 1), p.join, consensus, p.merge,
                p.failRecvConst, p.seqnoUnchangedConst, p.missCountConst, p.windowSize, p.maxMessages, p.netMtu,
                p.sendJoin, p.sendQueueCapacity);
    }

    /**
     * Largest payload {@link TotemCore#send} takes: a whole totempg packet. Corosync: netmtu 1500 gives a
     * 1410-byte totempg packet in a 1455-byte MCAST datagram (45-byte header).
     */
    public int maxPayload() {
        return netMtu - MTU_ADJUST;
    }
}
