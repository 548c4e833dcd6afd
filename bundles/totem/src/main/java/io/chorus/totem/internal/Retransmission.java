package io.chorus.totem.internal;

import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.TotemState;
import io.chorus.totem.wire.OrfToken;
import java.nio.ByteBuffer;

/**
 * Retransmission on the token (orf_token_rtr): first re-send what others asked for and I hold, then ask for
 * what I miss — a message counts as missing only after miss_count_const token visits, so that a multicast
 * merely overtaken by the token is not requested.
 */
final class Retransmission {

    private final Srp srp;

    Retransmission(Srp srp) {
        this.srp = srp;
    }

    private SortQueue queue() {
        return srp.state == TotemState.RECOVERY ? srp.recoverySortQueue : srp.regularSortQueue;
    }

    /** Answers requests (at most {@code allowed}) and adds mine; returns how many messages were re-sent. */
    int process(OrfToken token, int allowed) {
        SortQueue queue = queue();
        int resent = 0;
        int i = 0;
        while (resent < allowed && i < token.rtrCount) {
            if (!srp.myRingId.matches(token.rtrRep[i], token.rtrRingSeq[i])) {
                i++;
                continue;
            }
            ByteBuffer message = queue.get(token.rtrSeq[i]);
            if (message != null) {
                srp.transmitter.multicastMessage(message, queue.base(token.rtrSeq[i]));
                token.removeRtr(i);
                srp.counters.increment(Counter.MCASTS_RETRANSMITTED);
                resent++;
            } else {
                i++;
            }
        }
        long range = Seq.distance(srp.myAru, token.seq);
        for (long n = 1; token.rtrCount < OrfToken.MAX_RTR_ENTRIES && n <= range; n++) {
            int seq = srp.myAru + (int) n;
            if (!queue.inRange(seq)) {
                break;
            }
            if (queue.holds(seq)) {
                continue;
            }
            if (queue.countMiss(seq) < srp.params.missCountConst()) {
                continue;
            }
            if (!token.rtrListed(seq)) {
                token.addRtr(srp.myRingId, seq);
                srp.counters.increment(Counter.RETRANSMIT_REQUESTS);
            }
        }
        return resent;
    }
}
