package io.chorus.totem.internal;

import io.chorus.totem.wire.OrfToken;

/**
 * How many messages this node may send on a token visit, and its contribution to the token's ring-wide
 * flow-control totals (corosync-wire.md §2.4 steps 5 and 8).
 *
 * <p>{@code fcc} and {@code backlog} on the token are running sums over the whole ring: each node adds what
 * it sent (and queued) since its last visit and takes back what it added last time. A node that only adds
 * would throttle the ring to nothing, so the previous contributions are kept here. All arithmetic is
 * unsigned 32-bit, as in C.
 */
final class FlowControl {

    private int transmittedLastVisit; // trc
    private int previousBacklog; // pbl
    private int currentBacklog; // cbl

    void reset() {
        transmittedLastVisit = 0;
        previousBacklog = 0;
        currentBacklog = 0;
    }

    /** Messages this node may (re)send now, given its own queue length {@code backlog}. */
    int allowed(OrfToken token, int windowSize, int maxMessages, int backlog) {
        long allowed = maxMessages;
        long windowLeft = Integer.toUnsignedLong(windowSize - token.fcc);
        if (allowed > windowLeft) {
            allowed = windowLeft;
        }
        currentBacklog = backlog;
        long ringBacklog = Integer.toUnsignedLong(token.backlog + currentBacklog - previousBacklog);
        if (ringBacklog != 0) {
            // Share the window in proportion to this node's part of the ring's backlog.
            long share = Integer.toUnsignedLong(windowSize * previousBacklog) / ringBacklog;
            if (share > 0 && allowed > share) {
                allowed = share;
            }
        }
        return (int) allowed;
    }

    /** Replace last visit's contribution to the token's totals with this visit's. */
    void updateToken(OrfToken token, int transmitted) {
        token.fcc += transmitted - transmittedLastVisit;
        token.backlog += currentBacklog - previousBacklog;
        transmittedLastVisit = transmitted;
        previousBacklog = currentBacklog;
    }
}
