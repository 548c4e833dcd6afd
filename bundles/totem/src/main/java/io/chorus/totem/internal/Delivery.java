package io.chorus.totem.internal;

import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.wire.Mcast;
import java.nio.ByteBuffer;

/**
 * Agreed-order delivery (messages_deliver_to_app): hand messages to the application strictly in sequence
 * order, stopping at the first one missing. When a ring is installed the old ring's last messages may be
 * delivered past gaps ({@code skipGaps}), but only those sent by members of the transitional configuration.
 */
final class Delivery {

    private final Srp srp;

    Delivery(Srp srp) {
        this.srp = srp;
    }

    void deliverUpTo(int endPoint, boolean skipGaps) {
        long range = Seq.distance(srp.myHighDelivered, endPoint);
        if (range >= SortQueue.CAPACITY) {
            return; // endPoint is behind what was delivered already
        }
        SortQueue queue = srp.regularSortQueue;
        int start = srp.myHighDelivered;
        for (long i = 1; i <= range; i++) {
            int seq = start + (int) i;
            if (!queue.inRange(seq)) {
                break;
            }
            ByteBuffer message = queue.get(seq);
            if (message == null && !skipGaps) {
                break;
            }
            srp.myHighDelivered = seq;
            if (message == null) {
                continue;
            }
            int base = queue.base(seq);
            if (skipGaps && !srp.deliverMembList.contains(Mcast.systemFrom(message, base))) {
                continue;
            }
            int limit = message.limit();
            message.position(base + Mcast.HEADER_SIZE);
            srp.counters.increment(Counter.MESSAGES_DELIVERED);
            srp.out.deliver(Mcast.senderNodeId(message, base), message);
            message.limit(limit).position(0);
        }
    }
}
