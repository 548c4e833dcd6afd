package io.chorus.totem.internal;

import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.wire.Mcast;
import io.chorus.totem.wire.MergeDetect;
import io.chorus.totem.wire.OrfToken;
import io.chorus.totem.wire.TokenHoldCancel;
import java.nio.ByteBuffer;

/**
 * The ordering token (message_handler_orf_token), applied in Corosync's exact order (corosync-wire.md §2.4):
 * idle detection and hold, ring and duplicate checks, flow control, retransmissions, new messages, the
 * token's totals and aru, failure to receive, then forwarding and delivery. Also the timers that watch
 * the token: loss, retransmission of the last copy, the representative's hold, and merge detection.
 */
final class TokenRotation {

    private final Srp srp;

    TokenRotation(Srp srp) {
        this.srp = srp;
    }

    void onToken(OrfToken token) {
        if (srp.orfTokenDiscard) {
            return;
        }
        detectIdleRing(token);
        boolean forward = !(srp.iAmRep() && srp.myTokenHeld);

        if (srp.state == TotemState.COMMIT) {
            return;
        }
        if (!token.isOnRing(srp.myRingId) || Seq.lte(token.tokenSeq, srp.myTokenSeq)) {
            return; // another ring's token, or a retransmitted copy of one already handled
        }
        if (srp.state == TotemState.OPERATIONAL) {
            // Corosync frees before the two checks above. But a message may be freed only when the ring's
            // aru covered it on two successive rotations (the aru owner may raise the aru past a node that
            // did not lower it), and a retransmitted copy of the token I just handled would pose as the
            // second rotation: found by the simulator (3 nodes, 20% loss, seed 13), where a node freed a
            // message another member never received and recovery could not re-send it.
            freeMessagesEveryoneHas(token.aru);
        }
        srp.out.tokenReceived();

        int lastAru = srp.myLastAru;
        srp.myLastAru = token.aru;
        int allowed = srp.flowControl.allowed(token, srp.params.windowSize(), srp.params.maxMessages(), backlog());
        int resent = srp.retransmission.process(token, allowed);
        allowed -= resent;
        allowed = limitToSortQueueRoom(token, allowed);
        int sent = sendQueued(token, allowed);
        srp.flowControl.updateToken(token, resent + sent);
        updateTokenAru(token, lastAru);

        if (srp.myAruCount > srp.params.failRecvConst() && token.aruAddr == srp.myId) {
            // Everyone else has moved on without me for fail_recv_const rotations: leave and re-form.
            srp.counters.increment(Counter.FAILED_TO_RECEIVE);
            System.getLogger("io.chorus.totem").log(System.Logger.Level.ERROR,
                    "node " + srp.myId + ": FAILED TO RECEIVE");
            srp.failedToRecv = true;
            srp.failedList.add(srp.myId);
            srp.gather.enter("failed to receive");
            return;
        }
        srp.myTokenSeq = token.tokenSeq;
        token.tokenSeq += 1;
        if (srp.state == TotemState.RECOVERY) {
            srp.recovery.applyExitRule(token);
        }
        srp.transmitter.sendOrfToken(token, forward);
        if (srp.state == TotemState.OPERATIONAL) {
            srp.delivery.deliverUpTo(srp.myHighSeqReceived, false);
        }
        srp.out.setTimer(TotemTimer.TOKEN, srp.params.token());
        srp.out.setTimer(TotemTimer.TOKEN_RETRANSMIT, srp.params.tokenRetransmit());
        if (srp.iAmRep() && srp.myTokenHeld) {
            srp.out.setTimer(TotemTimer.TOKEN_HOLD, srp.params.hold());
        }
    }

    /**
     * A token whose seq did not move means an idle ring: count it, probe for other rings, and after
     * seqno_unchanged_const rotations let the representative hold the token instead of spinning it.
     */
    private void detectIdleRing(OrfToken token) {
        if (token.seq == srp.myLastSeq) {
            startMergeDetect();
            srp.mySeqUnchanged++;
        } else {
            cancelMergeDetect();
            srp.out.cancelTimer(TotemTimer.TOKEN_HOLD);
            srp.mySeqUnchanged = 0;
        }
        srp.myLastSeq = token.seq;
        int idleRotations = srp.params.seqnoUnchangedConst();
        srp.myTokenHeld = srp.iAmRep() ? srp.mySeqUnchanged > idleRotations : srp.mySeqUnchanged >= idleRotations;
    }

    /** The aru the whole ring has reached: lower it to mine if I miss something, raise it if I set it. */
    private void updateTokenAru(OrfToken token, int lastAru) {
        if (Seq.lt(srp.myAru, token.aru) || token.aruAddr == srp.myId || token.aruAddr == 0) {
            token.aru = srp.myAru;
            token.aruAddr = token.aru == token.seq ? 0 : srp.myId;
        }
        if (token.aru == lastAru && token.aruAddr != 0) {
            srp.myAruCount++;
        } else {
            srp.myAruCount = 0;
        }
    }

    private int backlog() {
        return switch (srp.state) {
            case OPERATIONAL -> (srp.waitingTransAck ? srp.newMessageQueueTrans : srp.newMessageQueue).size();
            case RECOVERY -> srp.retransMessageQueue.size();
            default -> 0;
        };
    }

    /** fcc_rtr_limit: never assign a sequence number the sort queue cannot hold yet. */
    private int limitToSortQueueRoom(OrfToken token, int allowed) {
        int lastFree = srp.lastReleased + SortQueue.CAPACITY - allowed - srp.params.windowSize();
        return Seq.lt(lastFree, token.seq) ? 0 : allowed;
    }

    /** orf_token_mcast: the next queued messages take the next sequence numbers and go out. */
    private int sendQueued(OrfToken token, int allowed) {
        PendingQueue queue;
        SortQueue sortQueue;
        if (srp.state == TotemState.RECOVERY) {
            queue = srp.retransMessageQueue;
            sortQueue = srp.recoverySortQueue;
            srp.out.setTimer(TotemTimer.TOKEN_RETRANSMIT, srp.params.tokenRetransmit());
        } else {
            queue = srp.waitingTransAck ? srp.newMessageQueueTrans : srp.newMessageQueue;
            sortQueue = srp.regularSortQueue;
        }
        int sent = 0;
        while (sent < allowed && !queue.isEmpty()) {
            MessageBuffer frame = queue.poll();
            ByteBuffer message = frame.buffer;
            int seq = ++token.seq;
            Mcast.stamp(message, 0, seq, srp.globalSeqno++, srp.myRingId);
            sortQueue.put(seq, frame, 0);
            frame.release();
            srp.transmitter.multicastMessage(message, 0);
            srp.counters.increment(Counter.MCASTS_SENT);
            srp.myHighSeqReceived = token.seq;
            sent++;
        }
        srp.updateAru();
        return sent;
    }

    /** messages_free: drop what every member has received and I have delivered. */
    private void freeMessagesEveryoneHas(int tokenAru) {
        int releaseTo = tokenAru;
        if (Seq.lt(srp.myLastAru, releaseTo)) {
            releaseTo = srp.myLastAru;
        }
        if (Seq.lt(srp.myHighDelivered, releaseTo)) {
            releaseTo = srp.myHighDelivered;
        }
        if (Seq.lt(releaseTo, srp.lastReleased)) {
            return;
        }
        srp.regularSortQueue.releaseThrough(releaseTo);
        srp.lastReleased = releaseTo;
    }

    void sendInitialToken() {
        OrfToken token = new OrfToken();
        srp.recovery.initialToken(token);
        srp.transmitter.sendOrfToken(token, true);
    }

    /** timer_function_orf_token_timeout. */
    void onTokenLoss() {
        srp.counters.increment(Counter.TOKEN_LOSS);
        switch (srp.state) {
            case OPERATIONAL -> srp.gather.enter("the token was lost in the OPERATIONAL state");
            case GATHER -> {
                srp.gather.onConsensusTimeout();
                srp.gather.enter("the consensus timeout expired");
            }
            case COMMIT -> srp.gather.enter("the token was lost in the COMMIT state");
            case RECOVERY -> {
                srp.restoreOldRingState();
                srp.gather.enter("the token was lost in the RECOVERY state");
            }
        }
    }

    void onRetransmitTimeout() {
        if (srp.state != TotemState.GATHER) {
            srp.transmitter.retransmitToken();
            srp.out.setTimer(TotemTimer.TOKEN_RETRANSMIT, srp.params.tokenRetransmit());
        }
    }

    /** The representative's hold is over: the held token goes round again. */
    void onHoldTimeout() {
        if (srp.state == TotemState.OPERATIONAL || srp.state == TotemState.RECOVERY) {
            srp.transmitter.retransmitToken();
        }
    }

    void onMergeDetectTimeout() {
        srp.mergeDetectOutstanding = false;
        if (srp.state == TotemState.OPERATIONAL && srp.iAmRep()) {
            srp.transmitter.multicastMergeDetect(new MergeDetect(srp.myId, srp.myRingId));
        }
    }

    private void startMergeDetect() {
        if (!srp.mergeDetectOutstanding) {
            srp.mergeDetectOutstanding = true;
            srp.out.setTimer(TotemTimer.MERGE_DETECT, srp.params.merge());
        }
    }

    void cancelMergeDetect() {
        srp.out.cancelTimer(TotemTimer.MERGE_DETECT);
        srp.mergeDetectOutstanding = false;
    }

    /** A new message waits: if the token is held, tell the representative (and so myself) to release it. */
    void cancelHold() {
        if (!srp.myTokenHeld || srp.myRingId == null) {
            return;
        }
        srp.myTokenHeld = false;
        srp.transmitter.multicastHoldCancel(new TokenHoldCancel(srp.myId, srp.myRingId));
    }

    void onHoldCancel(TokenHoldCancel cancel) {
        if (cancel.ringId().equals(srp.myRingId)) {
            srp.mySeqUnchanged = 0;
            if (srp.iAmRep()) {
                onRetransmitTimeout();
            }
        }
    }
}
