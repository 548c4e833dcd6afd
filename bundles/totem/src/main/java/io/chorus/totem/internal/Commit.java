package io.chorus.totem.internal;

import io.chorus.totem.RingId;
import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.wire.CommitToken;

/**
 * COMMIT: installing the agreed membership (corosync-wire.md §2.2). The representative creates the commit
 * token; it travels the new ring in ascending nodeid order twice. On the first rotation every member writes
 * its entry (its old ring, aru, high delivered and whether it received everything), on the second every
 * member enters RECOVERY knowing what each other member has.
 */
final class Commit {

    private final Srp srp;

    Commit(Srp srp) {
        this.srp = srp;
    }

    /** memb_state_commit_token_create: the new ring's id is the highest ring sequence seen plus 4. */
    void createCommitToken() {
        int[] members = srp.procList.minus(srp.failedList).toArray();
        sortUnsigned(members);
        CommitToken token = new CommitToken(new RingId(srp.myId, srp.tokenRingIdSeq + 4), members);
        token.nodeId = srp.myId;
        token.membIndex = 0;
        srp.commitToken = token;
    }

    /** memb_state_commit_enter. */
    void enter() {
        srp.saveOldRingState();
        fillMyEntry();
        CommitToken token = srp.commitToken;
        srp.tokenTarget = token.addr[token.membIndex % token.addr.length];
        srp.out.cancelTimer(TotemTimer.JOIN);
        srp.out.cancelTimer(TotemTimer.CONSENSUS);
        srp.myRingId = token.ringId;
        srp.ringIdStore.store(srp.myId, srp.myRingId.seq());
        srp.tokenRingIdSeq = srp.myRingId.seq();
        srp.state = TotemState.COMMIT;
        srp.out.setTimer(TotemTimer.TOKEN_RETRANSMIT, srp.params.tokenRetransmit());
        srp.out.setTimer(TotemTimer.TOKEN, srp.params.token());
        srp.counters.increment(Counter.COMMIT_ENTERED);
        srp.flowControl.reset();
        send(token);
    }

    /**
     * memb_state_commit_token_update: write my entry, then clear the received flag of every member of my
     * old ring whose aru is below the highest aru reported so far for that ring (it is missing messages).
     */
    private void fillMyEntry() {
        CommitToken token = srp.commitToken;
        srp.newMembList.setTo(token.addr);
        int index = token.membIndex;
        CommitToken.Entry mine = token.entries[index];
        mine.oldRing = srp.myOldRingId;
        mine.aru = srp.oldRingStateAru;
        srp.myReceivedFlg = srp.myAru == srp.myHighSeqReceived;
        mine.receivedFlg = srp.myReceivedFlg ? 1 : 0;
        mine.highDelivered = srp.myHighDelivered;
        int highAru = mine.aru;
        for (int i = 0; i <= index; i++) {
            if (token.entries[i].oldRing.equals(mine.oldRing) && Seq.lt(highAru, token.entries[i].aru)) {
                highAru = token.entries[i].aru;
            }
        }
        for (int i = 0; i <= index; i++) {
            if (token.entries[i].oldRing.equals(mine.oldRing) && Seq.lt(token.entries[i].aru, highAru)) {
                token.entries[i].receivedFlg = 0;
                if (i == index) {
                    srp.myReceivedFlg = false;
                }
            }
        }
        token.nodeId = srp.myId;
        token.membIndex = index + 1;
    }

    /** Sends the commit token to my successor and re-sends it if it does not come back in time. */
    void send(CommitToken token) {
        token.tokenSeq++;
        token.nodeId = srp.myId;
        srp.transmitter.sendCommitToken(token);
        srp.out.setTimer(TotemTimer.TOKEN_RETRANSMIT, srp.params.tokenRetransmit());
    }

    /** message_handler_memb_commit_token. */
    void onCommitToken(CommitToken token) {
        switch (srp.state) {
            case OPERATIONAL -> {
                // A late copy of the token that installed this ring.
            }
            case GATHER -> {
                NodeSet candidates = srp.procList.minus(srp.failedList);
                // Only a first-rotation token whose next entry is mine: a late token of a commit this node
                // already left (second rotation, membIndex == n) has no entry to fill. Corosync asserts on
                // it; found by the simulator (8 nodes, mixed faults, seed 76).
                boolean myTurn = token.membIndex < token.addr.length && token.addr[token.membIndex] == srp.myId;
                if (myTurn && candidates.sameAs(token.addr) && token.ringId.seq() > srp.myRingId.seq()) {
                    srp.commitToken = token;
                    enter();
                }
            }
            case COMMIT -> {
                // Every member has filled its entry: the second rotation starts.
                if (token.ringId.seq() == srp.myRingId.seq() && token.membIndex == token.addr.length) {
                    srp.recovery.enter(token);
                }
            }
            case RECOVERY -> {
                // The end of the second rotation: the representative starts the ordering token, once. Corosync
                // takes any commit token here; but a late re-send of the first rotation's last hop (the
                // predecessor's retransmit timer racing a lost forward) would then start the ORF token while the
                // next member, still in COMMIT, drops ORF tokens and waits in vain for the commit token: the ring
                // never forms under loss (simulator, 20% loss, seed 55). Only a token that went round after mine
                // (token_seq not below the one I sent; equal for a ring of one) ends the second rotation.
                if (srp.iAmRep() && !srp.originatedOrfToken && Seq.lte(srp.commitTokenSeqForwarded, token.tokenSeq)) {
                    srp.originatedOrfToken = true;
                    srp.tokenRotation.sendInitialToken();
                    srp.out.setTimer(TotemTimer.TOKEN, srp.params.token());
                    srp.out.setTimer(TotemTimer.TOKEN_RETRANSMIT, srp.params.tokenRetransmit());
                }
            }
        }
    }

    private static void sortUnsigned(int[] ids) {
        for (int i = 1; i < ids.length; i++) {
            int id = ids[i];
            int j = i - 1;
            while (j >= 0 && Integer.compareUnsigned(ids[j], id) > 0) {
                ids[j + 1] = ids[j];
                j--;
            }
            ids[j + 1] = id;
        }
    }
}
