package io.chorus.totem.internal;

import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.wire.CommitToken;
import io.chorus.totem.wire.Mcast;
import io.chorus.totem.wire.OrfToken;
import io.chorus.totem.wire.TotemHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RECOVERY (corosync-wire.md §2.3): before the new ring carries new messages, every member of the
 * transitional configuration must hold every old-ring message any of them holds. A member that has messages
 * others miss re-sends them on the new ring, each wrapped whole in an encapsulated MCAST. The ring leaves
 * RECOVERY when the token has gone round with no one re-sending and everyone has received everything.
 */
final class Recovery {

    private final Srp srp;
    private boolean mySetRetransFlg;
    private int myRetransFlgCount;
    private int myRotationCounter;

    Recovery(Srp srp) {
        this.srp = srp;
    }

    /** memb_state_recovery_enter. */
    void enter(CommitToken token) {
        srp.orfTokenDiscard = false;
        // A recovery that failed half-way must not count its rotations towards this one.
        myRetransFlgCount = 0;
        myRotationCounter = 0;
        int myHighRingDelivered = 0;
        srp.recoverySortQueue.reset(Srp.SEQNO_START_MSG);
        srp.retransMessageQueue.clear();
        int lowRingAru = srp.oldRingStateHighSeqReceived;

        srp.commit.send(token);
        srp.commitTokenSeqForwarded = token.tokenSeq;
        srp.myTokenSeq = Srp.SEQNO_START_TOKEN - 1;

        buildTransitionalMembership(token);

        boolean everyoneReceivedAll = true;
        for (int i = 0; i < token.addr.length; i++) {
            if (srp.transMembList.contains(token.addr[i]) && token.entries[i].receivedFlg == 0) {
                srp.deliverMembList.setTo(srp.transMembList);
                everyoneReceivedAll = false;
                break;
            }
        }
        if (!everyoneReceivedAll) {
            for (int i = 0; i < token.addr.length; i++) {
                CommitToken.Entry entry = token.entries[i];
                if (srp.deliverMembList.contains(token.addr[i]) && entry.oldRing.equals(srp.myOldRingId)) {
                    if (Seq.lt(entry.aru, lowRingAru)) {
                        lowRingAru = entry.aru;
                    }
                    if (Seq.lt(myHighRingDelivered, entry.highDelivered)) {
                        myHighRingDelivered = entry.highDelivered;
                    }
                }
            }
            originateOldMessages(lowRingAru);
        }

        srp.myAru = Srp.SEQNO_START_MSG;
        srp.myAruCount = 0;
        srp.mySeqUnchanged = 0;
        srp.myHighSeqReceived = Srp.SEQNO_START_MSG;
        srp.myInstallSeq = Srp.SEQNO_START_MSG;
        srp.lastReleased = Srp.SEQNO_START_MSG;
        srp.out.setTimer(TotemTimer.TOKEN, srp.params.token());
        srp.out.setTimer(TotemTimer.TOKEN_RETRANSMIT, srp.params.tokenRetransmit());
        srp.state = TotemState.RECOVERY;
        srp.counters.increment(Counter.RECOVERY_ENTERED);
    }

    /**
     * Transitional members: the new members that come from my old ring (their entry names my old ring id)
     * and were members of it as I knew it.
     */
    private void buildTransitionalMembership(CommitToken token) {
        srp.transMembList.clear();
        for (int i = 0; i < srp.membList.size(); i++) {
            int node = srp.membList.get(i);
            for (int j = 0; j < token.addr.length; j++) {
                if (token.addr[j] == node) {
                    if (token.entries[j].oldRing.equals(srp.myOldRingId)) {
                        srp.transMembList.add(node);
                    }
                    break;
                }
            }
        }
    }

    /** Queues every old-ring message above the lowest transitional aru, encapsulated, for re-sending. */
    private void originateOldMessages(int lowRingAru) {
        long range = Seq.distance(lowRingAru, srp.oldRingStateHighSeqReceived);
        if (range == 0 || range >= SortQueue.CAPACITY) {
            return;
        }
        for (long i = 1; i <= range; i++) {
            int seq = lowRingAru + (int) i;
            ByteBuffer original = srp.regularSortQueue.get(seq);
            if (original == null) {
                continue;
            }
            int base = srp.regularSortQueue.base(seq);
            int origin = Mcast.systemFrom(original, base);
            if (origin != srp.myId && srp.transMembList.contains(origin)) {
                // Corosync has every member re-send every old message it holds, so each one travels once per
                // holder. A message whose originator came along holds it until the whole ring had it (it is
                // freed only then), so the originator's copy is enough; messages of members that left are still
                // re-sent by everyone who holds them. Under loss this cuts recovery traffic by the ring size.
                continue;
            }
            int length = original.limit() - base;
            if (Mcast.HEADER_SIZE + length > srp.frames.frameSize()) {
                continue; // cannot happen with one netmtu cluster-wide: budgeted by MTU_ADJUST
            }
            MessageBuffer frame = srp.frames.take(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer wrapped = frame.buffer;
            Mcast.writeHeader(wrapped, 0, TotemHeader.ENCAPSULATED, srp.myId, 0, 0, srp.myRingId);
            wrapped.put(Mcast.HEADER_SIZE, original, base, length).limit(Mcast.HEADER_SIZE + length);
            srp.retransMessageQueue.add(frame);
        }
    }

    /** The initial ORF token of a new ring, sent by the representative (orf_token_send_initial). */
    void initialToken(OrfToken token) {
        token.seq = Srp.SEQNO_START_MSG;
        token.tokenSeq = Srp.SEQNO_START_TOKEN;
        mySetRetransFlg = !srp.retransMessageQueue.isEmpty();
        token.retransFlg = mySetRetransFlg ? 1 : 0;
        token.aru = Srp.SEQNO_START_MSG - 1;
        token.aruAddr = srp.myId;
        token.setRing(srp.myRingId);
        token.fcc = 0;
        token.backlog = 0;
        token.rtrCount = 0;
    }

    /**
     * The exit rule, applied to every token in RECOVERY after the aru update and before forwarding: the
     * retrans flag says someone still re-sends; two clean rotations fix the install point; once every
     * member's aru passed it for two more rotations the ring becomes OPERATIONAL.
     */
    void applyExitRule(OrfToken token) {
        if (!srp.retransMessageQueue.isEmpty()) {
            if (token.retransFlg == 0) {
                token.retransFlg = 1;
                mySetRetransFlg = true;
            }
        } else if (token.retransFlg == 1 && mySetRetransFlg) {
            token.retransFlg = 0;
            mySetRetransFlg = false;
        }
        myRetransFlgCount = token.retransFlg == 0 ? myRetransFlgCount + 1 : 0;
        if (myRetransFlgCount == 2) {
            srp.myInstallSeq = token.seq;
        }
        if (myRetransFlgCount >= 2 && !srp.myReceivedFlg && Seq.lte(srp.myInstallSeq, srp.myAru)) {
            srp.myReceivedFlg = true;
            srp.deliverMembList.setTo(srp.transMembList);
        }
        if (myRetransFlgCount >= 3 && Seq.lte(srp.myInstallSeq, token.aru)) {
            myRotationCounter++;
        } else {
            myRotationCounter = 0;
        }
        if (myRotationCounter == 2) {
            srp.installation.enterOperational();
            myRotationCounter = 0;
            myRetransFlgCount = 0;
        }
    }

    String describe() {
        return "retrans_flg_count " + myRetransFlgCount + " rotation_counter " + myRotationCounter
                + " my_set_retrans_flg " + mySetRetransFlg;
    }

    /** Called when the ring is installed: no flag of mine is left on the token. */
    void reset() {
        mySetRetransFlg = false;
    }
}
