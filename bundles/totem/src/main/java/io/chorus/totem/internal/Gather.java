package io.chorus.totem.internal;

import io.chorus.totem.RingId;
import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.wire.MembJoin;
import java.lang.System.Logger.Level;

/**
 * GATHER: finding the processors that will form the next ring (corosync-wire.md §2.1). Every candidate
 * multicasts its processor list and failed list until all candidates send the same lists; then the lowest
 * nodeid creates the commit token. Nodes that stay silent until the consensus timeout are failed.
 */
final class Gather {

    private static final System.Logger LOG = System.getLogger("io.chorus.totem");

    private final Srp srp;
    private boolean joinPending;

    Gather(Srp srp) {
        this.srp = srp;
    }

    /** memb_state_gather_enter. */
    void enter(String reason) {
        LOG.log(Level.DEBUG, () -> "node " + srp.myId + " entering GATHER: " + reason);
        srp.orfTokenDiscard = true;
        srp.originatedOrfToken = false;
        srp.procList.add(srp.myId);
        sendJoin();
        srp.out.setTimer(TotemTimer.JOIN, srp.params.join());
        srp.out.setTimer(TotemTimer.CONSENSUS, srp.params.consensus());
        srp.out.cancelTimer(TotemTimer.TOKEN_RETRANSMIT);
        srp.out.cancelTimer(TotemTimer.TOKEN);
        srp.tokenRotation.cancelMergeDetect();
        srp.consensus.clear();
        srp.consensus.add(srp.myId);
        srp.state = TotemState.GATHER;
        srp.counters.increment(Counter.GATHER_ENTERED);
    }

    /** A join goes out now, or after a random delay of up to send_join ms (spreads joins of big clusters). */
    private void sendJoin() {
        if (srp.params.sendJoin() > 0) {
            if (!joinPending) {
                joinPending = true;
                srp.out.setTimer(TotemTimer.SEND_JOIN, srp.random.nextInt(srp.params.sendJoin()));
            }
            return;
        }
        transmitJoin();
    }

    void onSendJoinTimeout() {
        if (joinPending) {
            joinPending = false;
            transmitJoin();
        }
    }

    private void transmitJoin() {
        srp.transmitter.multicastJoin(new MembJoin(srp.myId, srp.myId, srp.myRingId.seq(), srp.procList.toArray(),
                srp.failedList.toArray()));
    }

    /** A LEAVE: a join with header nodeid 0, me moved from the processor list to the failed list (last). */
    void sendLeave() {
        srp.failedList.add(srp.myId);
        NodeSet active = srp.procList.minus(NodeSet.of(srp.myId));
        int[] failed = srp.failedList.minus(NodeSet.of(srp.myId)).toArray();
        int[] failedWithMeLast = java.util.Arrays.copyOf(failed, failed.length + 1);
        failedWithMeLast[failed.length] = srp.myId;
        srp.transmitter.multicastJoin(new MembJoin(0, srp.myId, srp.myRingId.seq(), active.toArray(),
                failedWithMeLast));
    }

    void onJoinTimeout() {
        if (srp.state == TotemState.GATHER || srp.state == TotemState.COMMIT) {
            sendJoin();
            srp.out.setTimer(TotemTimer.JOIN, srp.params.join());
        }
    }

    /** message_handler_memb_join. */
    void onJoin(MembJoin join) {
        if (Long.compareUnsigned(srp.tokenRingIdSeq, join.ringSeq()) < 0) {
            srp.tokenRingIdSeq = join.ringSeq();
        }
        switch (srp.state) {
            case OPERATIONAL -> {
                if (!ignoredWhileOperational(join)) {
                    process(join);
                }
            }
            case GATHER -> process(join);
            case COMMIT -> {
                if (fromNewRingAndCurrent(join)) {
                    process(join);
                    enter("join during COMMIT");
                }
            }
            case RECOVERY -> {
                if (fromNewRingAndCurrent(join)) {
                    process(join);
                    srp.restoreOldRingState();
                    enter("join during RECOVERY");
                }
            }
        }
    }

    private boolean fromNewRingAndCurrent(MembJoin join) {
        return srp.newMembList.contains(join.systemFrom()) && join.ringSeq() >= srp.myRingId.seq();
    }

    /**
     * While operational, a join that fails me is ignored, and so is a stale join of a current member (its
     * ring sequence is older than my ring: it was sent before the member installed this ring).
     */
    private boolean ignoredWhileOperational(MembJoin join) {
        for (int failed : join.failedList()) {
            if (failed == srp.myId) {
                return true;
            }
        }
        return srp.membList.contains(join.systemFrom()) && join.ringSeq() < srp.myRingId.seq();
    }

    /** memb_join_process. */
    private void process(MembJoin join) {
        if (join.isLeave() && join.failedList().length > 0) {
            srp.leftCleanly.add(join.failedList()[join.failedList().length - 1]);
        }
        boolean gatherEntered = false;
        if (srp.procList.sameAs(join.procList()) && srp.failedList.sameAs(join.failedList())) {
            if (!join.isLeave()) {
                srp.consensus.add(join.systemFrom());
            }
            if (consensusAgreed() && srp.failedToRecv) {
                // Everyone agreed I failed to receive: I form a ring of my own and start over from there.
                srp.failedToRecv = false;
                srp.procList.clear();
                srp.procList.add(srp.myId);
                srp.failedList.clear();
                srp.commit.createCommitToken();
                srp.commit.enter();
                return;
            }
            if (consensusAgreed() && lowestInConfiguration()) {
                srp.commit.createCommitToken();
                srp.commit.enter();
            }
        } else if (srp.procList.containsAll(join.procList()) && srp.failedList.containsAll(join.failedList())) {
            // Nothing new in it.
        } else if (srp.failedList.contains(join.systemFrom())) {
            // A node I failed does not get to change my view.
        } else {
            int procBefore = srp.procList.size();
            int failedBefore = srp.failedList.size();
            srp.procList.addAll(join.procList());
            if (contains(join.failedList(), srp.myId)) {
                srp.failedList.add(join.systemFrom());
            } else if (srp.membList.contains(join.systemFrom())) {
                srp.failedList.addAll(join.failedList());
            }
            // Corosync re-gathers here even when my lists did not change. Two nodes whose failed lists
            // differ and who may not adopt each other's (neither was in the other's ring) then answer each
            // join with an identical join, at network speed, and the consensus timer — restarted by every
            // re-gather — never fires. An unchanged view has nothing new to announce: the join timer repeats
            // it, and the consensus timeout settles the disagreement.
            if (srp.procList.size() != procBefore || srp.failedList.size() != failedBefore) {
                enter("merge during join");
                gatherEntered = true;
            }
        }
        if (!gatherEntered && srp.state == TotemState.OPERATIONAL) {
            enter("join during OPERATIONAL");
        }
    }

    /** Every processor not failed has sent me exactly my lists. */
    boolean consensusAgreed() {
        NodeSet candidates = srp.procList.minus(srp.failedList);
        for (int i = 0; i < candidates.size(); i++) {
            if (!srp.consensus.contains(candidates.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The representative of the next ring is its lowest nodeid. */
    private boolean lowestInConfiguration() {
        NodeSet candidates = srp.procList.minus(srp.failedList);
        if (candidates.isEmpty()) {
            return false;
        }
        int lowest = candidates.get(0);
        for (int i = 1; i < candidates.size(); i++) {
            lowest = Integer.compareUnsigned(candidates.get(i), lowest) < 0 ? candidates.get(i) : lowest;
        }
        return lowest == srp.myId;
    }

    /** memb_state_consensus_timeout_expired: the nodes that never agreed are failed. */
    void onConsensusTimeout() {
        srp.counters.increment(Counter.CONSENSUS_TIMEOUTS);
        if (consensusAgreed()) {
            srp.consensus.clear();
            srp.consensus.add(srp.myId);
            srp.out.setTimer(TotemTimer.TOKEN, srp.params.token());
        } else {
            for (int i = 0; i < srp.procList.size(); i++) {
                int node = srp.procList.get(i);
                if (!srp.consensus.contains(node)) {
                    srp.failedList.add(node);
                }
            }
            enter("consensus timeout");
        }
    }

    /**
     * A message or merge probe of another ring (ringId null: an MCAST; its sender joins our candidates).
     * Operational nodes re-gather to merge; gathering nodes only when the sender is new to them.
     */
    void onForeignRing(int systemFrom, RingId foreignRing) {
        if (foreignRing != null && foreignRing.equals(srp.myRingId)) {
            return;
        }
        switch (srp.state) {
            case OPERATIONAL -> {
                srp.procList.add(systemFrom);
                enter(foreignRing == null ? "foreign message during OPERATIONAL" : "merge during OPERATIONAL");
            }
            case GATHER -> {
                if (!srp.procList.contains(systemFrom)) {
                    srp.procList.add(systemFrom);
                    enter(foreignRing == null ? "foreign message during GATHER" : "merge during GATHER");
                }
            }
            case COMMIT, RECOVERY -> {
                // Dropped: the ring being installed finishes first.
            }
        }
    }

    private static boolean contains(int[] ids, int id) {
        for (int candidate : ids) {
            if (candidate == id) {
                return true;
            }
        }
        return false;
    }
}
