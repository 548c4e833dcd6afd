package io.chorus.totem.internal;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.ConfigurationChange.Kind;
import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.TotemState;
import io.chorus.totem.wire.Mcast;
import io.chorus.totem.wire.TotemHeader;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Entering OPERATIONAL (memb_state_operational_enter), where extended virtual synchrony is kept: the old
 * ring's messages recovered on the new ring are put back at their old sequence numbers, delivered — past
 * gaps only those from the transitional members — then the TRANSITIONAL configuration, then the REGULAR one.
 */
final class Installation {

    private static final System.Logger LOG = System.getLogger("io.chorus.totem");
    private static final int[] NONE = new int[0];

    private final Srp srp;

    Installation(Srp srp) {
        this.srp = srp;
    }

    void enterOperational() {
        srp.originatedOrfToken = false;
        srp.consensus.clear();
        srp.oldRingStateSaved = false;
        moveRecoveredToRegular();

        int aruSave = srp.myAru;
        srp.myAru = srp.oldRingStateAru;
        srp.delivery.deliverUpTo(srp.oldRingStateHighSeqReceived, false);

        NodeSet left = srp.membList.minus(srp.transMembList);
        NodeSet joined = srp.newMembList.minus(srp.transMembList);
        srp.membList.setTo(srp.newMembList);
        srp.lastReleased = 0;
        srp.recovery.reset();

        srp.out.configurationChange(new ConfigurationChange(Kind.TRANSITIONAL, srp.myRingId,
                srp.transMembList.toSortedArray(), left.toSortedArray(), NONE));
        srp.waitingTransAck = true;
        srp.delivery.deliverUpTo(srp.oldRingStateHighSeqReceived, true);
        // Only now: old-ring fragments still in the reassembly buffers had to be completed first.
        srp.out.transitionAcknowledgementPending(true);
        srp.myAru = aruSave;
        srp.out.configurationChange(new ConfigurationChange(Kind.REGULAR, srp.myRingId,
                srp.newMembList.toSortedArray(), NONE, joined.toSortedArray()));

        // The recovery queue becomes the regular one; what it holds was delivered as old-ring messages.
        srp.regularSortQueue.copyFrom(srp.recoverySortQueue);
        // Nothing reads the recovery queue until the next recovery resets it: let its frames go now.
        srp.recoverySortQueue.reset(Srp.SEQNO_START_MSG);
        srp.myLastAru = Srp.SEQNO_START_MSG;
        srp.procList.setTo(srp.newMembList);
        srp.failedList.clear();
        int highDelivered = srp.myHighSeqReceived;
        while (highDelivered != 0 && !srp.regularSortQueue.holds(highDelivered)) {
            highDelivered--;
        }
        srp.myHighDelivered = highDelivered;
        srp.regularSortQueue.releaseThrough(highDelivered);
        srp.lastReleased = highDelivered;

        int[] failed = left.minus(srp.leftCleanly).toSortedArray();
        LOG.log(Level.INFO, () -> "node " + srp.myId + ": A new membership (" + srp.myRingId + ") was formed. Members "
                + srp.membList + (joined.isEmpty() ? "" : " joined: " + joined) + (left.isEmpty() ? "" : " left: " + left)
                + (failed.length == 0 ? "" : " failed: " + java.util.Arrays.toString(failed)));
        srp.leftCleanly.clear();
        srp.state = TotemState.OPERATIONAL;
        srp.counters.increment(Counter.OPERATIONAL_ENTERED);
        srp.myReceivedFlg = true;
        srp.myOldRingId = srp.myRingId;
    }

    /**
     * deliver_messages_from_recovery_to_regular: unwrap each encapsulated message of my old ring and put it
     * in the regular queue at its old sequence number (the one it had on the old ring).
     */
    private void moveRecoveredToRegular() {
        long range = Seq.distance(Srp.SEQNO_START_MSG, srp.myAru);
        for (long i = 1; i <= range && i < SortQueue.CAPACITY; i++) {
            int seq = Srp.SEQNO_START_MSG + (int) i;
            ByteBuffer outer = srp.recoverySortQueue.get(seq);
            if (outer == null) {
                continue;
            }
            int base = srp.recoverySortQueue.base(seq);
            if (!Mcast.isEncapsulated(outer, base) || outer.limit() - base < 2 * Mcast.HEADER_SIZE) {
                continue;
            }
            int innerBase = base + Mcast.HEADER_SIZE;
            ByteOrder innerOrder = TotemHeader.orderOf(outer.duplicate().position(innerBase));
            if (innerOrder == null) {
                continue;
            }
            // The old message is kept in place inside the encapsulating frame; only a sender of the other
            // byte order than the re-sender (mixed-endian clusters) needs a frame of its own.
            MessageBuffer frame = srp.recoverySortQueue.frame(seq);
            int frameBase = innerBase;
            boolean copied = innerOrder != outer.order();
            if (copied) {
                frame = srp.frames.copyOf(outer.duplicate().position(innerBase), innerOrder);
                frameBase = 0;
            }
            ByteBuffer inner = frame.buffer;
            if (!Mcast.isOnRing(inner, frameBase, srp.myOldRingId)) {
                if (copied) {
                    frame.release();
                }
                continue;
            }
            int oldSeq = Mcast.seq(inner, frameBase);
            if (srp.regularSortQueue.inRange(oldSeq) && !srp.regularSortQueue.holds(oldSeq)) {
                srp.regularSortQueue.put(oldSeq, frame, frameBase);
                if (Seq.lt(srp.oldRingStateHighSeqReceived, oldSeq)) {
                    srp.oldRingStateHighSeqReceived = oldSeq;
                }
            }
            if (copied) {
                frame.release();
            }
        }
    }
}
