package io.chorus.totem.internal;

import io.chorus.totem.RingId;
import io.chorus.totem.RingIdStore;
import io.chorus.totem.TotemCounters;
import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemParameters;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.wire.CommitToken;
import io.chorus.totem.wire.Mcast;
import io.chorus.totem.wire.MembJoin;
import io.chorus.totem.wire.MergeDetect;
import io.chorus.totem.wire.OrfToken;
import io.chorus.totem.wire.TokenHoldCancel;
import io.chorus.totem.wire.TotemHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.random.RandomGenerator;

/**
 * The single-ring protocol of one node: the state every rule shares, packet and timer dispatch, and the
 * transitions between the four membership states. The rules themselves live in one class per concern:
 * {@link Gather} (joins and consensus), {@link Commit} (the commit token), {@link Recovery} (re-sending old
 * messages on the new ring), {@link Installation} (entering OPERATIONAL and the EVS configuration changes),
 * {@link TokenRotation} (the ordering token), {@link Retransmission}, {@link Delivery}, {@link FlowControl}.
 *
 * <p>Field names follow Corosync's where a reader may want to compare (my_aru, my_high_seq_received, ...).
 */
public final class Srp {

    static final int SEQNO_START_MSG = 0;
    static final int SEQNO_START_TOKEN = 0;
    /** Placeholder ring of messages queued before the first ring forms; stamped when sent. */
    private static final RingId UNFORMED = new RingId(0, 0);

    final int myId;
    TotemParameters params;
    final RingIdStore ringIdStore;
    final TotemOutput out;
    final RandomGenerator random;
    final TotemCounters counters = new TotemCounters();
    final Transmitter transmitter;
    /** Frames for messages: what arrives, what is sent, what is re-sent in recovery. */
    final MessageBuffer.Pool frames;

    final Gather gather = new Gather(this);
    final Commit commit = new Commit(this);
    final Recovery recovery = new Recovery(this);
    final Installation installation = new Installation(this);
    final TokenRotation tokenRotation = new TokenRotation(this);
    final Retransmission retransmission = new Retransmission(this);
    final Delivery delivery = new Delivery(this);
    final FlowControl flowControl = new FlowControl();

    TotemState state = TotemState.OPERATIONAL;
    boolean started;
    boolean stopped;

    // Ring identity.
    RingId myRingId;
    RingId myOldRingId = new RingId(0, 0);
    /** Highest ring sequence seen in joins and our own: a new ring takes this + 4. */
    long tokenRingIdSeq;

    // Membership lists.
    final NodeSet procList = new NodeSet();
    final NodeSet failedList = new NodeSet();
    final NodeSet consensus = new NodeSet();
    /** Members of the current (last installed) ring. */
    final NodeSet membList = new NodeSet();
    final NodeSet newMembList = new NodeSet();
    final NodeSet transMembList = new NodeSet();
    /** Transitional members whose old-ring messages may be delivered past a gap. */
    final NodeSet deliverMembList = new NodeSet();
    /** Nodes that announced a clean leave since the last ring (for the "left" vs "failed" log line). */
    final NodeSet leftCleanly = new NodeSet();

    // Message ordering state.
    int myAru = SEQNO_START_MSG;
    int myHighSeqReceived = SEQNO_START_MSG;
    int myHighDelivered = SEQNO_START_MSG;
    int myLastAru;
    int lastReleased;
    int myInstallSeq;
    int myTokenSeq = SEQNO_START_TOKEN - 1;
    int myLastSeq;
    int mySeqUnchanged;
    boolean myTokenHeld;
    int myAruCount;
    int globalSeqno;
    boolean myReceivedFlg = true;
    boolean failedToRecv;
    boolean orfTokenDiscard;
    boolean originatedOrfToken;
    /** token_seq of the commit token I forwarded when entering RECOVERY (starts its second rotation). */
    int commitTokenSeqForwarded;
    boolean mergeDetectOutstanding;

    // Old ring state, saved at commit so that a failed recovery can fall back to it.
    boolean oldRingStateSaved;
    int oldRingStateAru;
    int oldRingStateHighSeqReceived;

    /** Messages queued after a configuration change go first, until the executive's sync is done. */
    boolean waitingTransAck = true;

    final SortQueue regularSortQueue = new SortQueue();
    final SortQueue recoverySortQueue = new SortQueue();
    final PendingQueue newMessageQueue;
    final PendingQueue newMessageQueueTrans;
    final PendingQueue retransMessageQueue = new PendingQueue(SortQueue.CAPACITY);

    /** Where tokens go: my successor on the ring being formed or run. */
    int tokenTarget;
    CommitToken commitToken;
    final OrfToken orfToken = new OrfToken();

    public Srp(int nodeId, TotemParameters parameters, RingIdStore store, TotemOutput output, RandomGenerator random) {
        this.myId = nodeId;
        this.params = parameters;
        this.ringIdStore = store;
        this.out = output;
        this.random = random;
        this.transmitter = new Transmitter(this, Math.max(parameters.netMtu(), 1500));
        this.frames = new MessageBuffer.Pool(transmitter.frameSize());
        this.newMessageQueue = new PendingQueue(parameters.sendQueueCapacity());
        this.newMessageQueueTrans = new PendingQueue(parameters.sendQueueCapacity());
        regularSortQueue.reset(SEQNO_START_MSG);
        recoverySortQueue.reset(SEQNO_START_MSG);
    }

    public void start() {
        if (started) {
            return;
        }
        started = true;
        // Corosync bumps the stored sequence at start so a restarted node's singleton ring is new.
        myRingId = new RingId(myId, ringIdStore.load(myId) + 1);
        tokenRingIdSeq = myRingId.seq();
        gather.enter("interface up");
    }

    public void receive(ByteBuffer packet) {
        if (!started || stopped) {
            return;
        }
        counters.increment(Counter.PACKETS_RECEIVED);
        ByteOrder order = TotemHeader.orderOf(packet);
        if (order == null || packet.remaining() > transmitter.frameSize()) {
            counters.increment(Counter.PACKETS_MALFORMED);
            return;
        }
        packet.order(order);
        switch (TotemHeader.typeOf(packet)) {
            case ORF_TOKEN -> {
                if (orfToken.decode(packet, order)) {
                    counters.increment(Counter.ORF_TOKENS_RECEIVED);
                    tokenRotation.onToken(orfToken);
                } else {
                    counters.increment(Counter.PACKETS_MALFORMED);
                }
            }
            case MCAST -> {
                if (packet.remaining() >= Mcast.HEADER_SIZE) {
                    counters.increment(Counter.MCASTS_RECEIVED);
                    onMcast(packet, order);
                } else {
                    counters.increment(Counter.PACKETS_MALFORMED);
                }
            }
            case MEMB_JOIN -> {
                MembJoin join = MembJoin.decode(packet, order);
                if (join != null) {
                    counters.increment(Counter.JOINS_RECEIVED);
                    gather.onJoin(join);
                } else {
                    counters.increment(Counter.PACKETS_MALFORMED);
                }
            }
            case MEMB_COMMIT_TOKEN -> {
                CommitToken token = CommitToken.decode(packet, order);
                if (token != null) {
                    commit.onCommitToken(token);
                } else {
                    counters.increment(Counter.PACKETS_MALFORMED);
                }
            }
            case MEMB_MERGE_DETECT -> {
                MergeDetect detect = MergeDetect.decode(packet, order);
                if (detect != null) {
                    gather.onForeignRing(detect.systemFrom(), detect.ringId());
                } else {
                    counters.increment(Counter.PACKETS_MALFORMED);
                }
            }
            case TOKEN_HOLD_CANCEL -> {
                TokenHoldCancel cancel = TokenHoldCancel.decode(packet, order);
                if (cancel != null) {
                    tokenRotation.onHoldCancel(cancel);
                } else {
                    counters.increment(Counter.PACKETS_MALFORMED);
                }
            }
        }
    }

    /** A multicast message: store it by sequence number, then deliver what became contiguous. */
    private void onMcast(ByteBuffer packet, ByteOrder order) {
        int base = packet.position();
        if (!Mcast.isOnRing(packet, base, myRingId)) {
            gather.onForeignRing(Mcast.systemFrom(packet, base), null);
            return;
        }
        SortQueue queue = Mcast.isEncapsulated(packet, base) ? recoverySortQueue : regularSortQueue;
        int seq = Mcast.seq(packet, base);
        if (queue.inRange(seq) && !queue.holds(seq)) {
            MessageBuffer copy = frames.copyOf(packet, order);
            if (Seq.lt(myHighSeqReceived, seq)) {
                myHighSeqReceived = seq;
            }
            queue.put(seq, copy, 0);
            copy.release();
        }
        updateAru();
        if (state == TotemState.OPERATIONAL) {
            delivery.deliverUpTo(myHighSeqReceived, false);
        }
    }

    public void timerExpired(TotemTimer timer) {
        if (!started || stopped) {
            return;
        }
        switch (timer) {
            case TOKEN -> tokenRotation.onTokenLoss();
            case TOKEN_RETRANSMIT -> tokenRotation.onRetransmitTimeout();
            case TOKEN_HOLD -> tokenRotation.onHoldTimeout();
            case JOIN -> gather.onJoinTimeout();
            case CONSENSUS -> gather.onConsensusTimeout();
            case MERGE_DETECT -> tokenRotation.onMergeDetectTimeout();
            case SEND_JOIN -> gather.onSendJoinTimeout();
        }
    }

    /**
     * Queues for agreed-order sending the payload {@code head} followed by {@code body} (their remaining bytes,
     * copied into one frame; neither consumed); a held token is released so it goes out soon.
     */
    public boolean send(ByteBuffer head, ByteBuffer body) {
        PendingQueue queue = waitingTransAck ? newMessageQueueTrans : newMessageQueue;
        int headLength = head.remaining();
        int length = headLength + body.remaining();
        if (queue.isFull() || length > params.maxPayload()) {
            counters.increment(Counter.SEND_QUEUE_FULL);
            return false;
        }
        MessageBuffer frame = frames.take(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer message = frame.buffer;
        Mcast.writeHeader(message, 0, TotemHeader.NOT_ENCAPSULATED, myId, 0, 0, myRingId == null
                ? UNFORMED : myRingId);
        message.put(Mcast.HEADER_SIZE, head, head.position(), headLength)
                .put(Mcast.HEADER_SIZE + headLength, body, body.position(), body.remaining())
                .limit(Mcast.HEADER_SIZE + length);
        queue.add(frame);
        tokenRotation.cancelHold();
        return true;
    }

    public void requestToken() {
        if (started && !stopped) {
            tokenRotation.cancelHold();
        }
    }

    public int sendQueueFree() {
        return (waitingTransAck ? newMessageQueueTrans : newMessageQueue).free();
    }

    /** The executive's sync finished: messages queued before the configuration change may go now. */
    public void acknowledgeTransition() {
        if (waitingTransAck) {
            waitingTransAck = false;
            // Whatever was queued in the window and has not gone out yet goes first now, instead of
            // waiting forever in a queue the token no longer reads.
            newMessageQueueTrans.moveToFrontOf(newMessageQueue);
            out.transitionAcknowledgementPending(false);
        }
    }

    public void leave() {
        if (!started || stopped) {
            return;
        }
        gather.sendLeave();
        stopped = true;
        for (TotemTimer timer : TotemTimer.values()) {
            out.cancelTimer(timer);
        }
    }

    public void updateParameters(TotemParameters parameters) {
        this.params = parameters;
        newMessageQueue.setCapacity(parameters.sendQueueCapacity());
        newMessageQueueTrans.setCapacity(parameters.sendQueueCapacity());
    }

    /** my_aru climbs over every contiguous message held (update_aru). */
    void updateAru() {
        SortQueue queue = state == TotemState.RECOVERY ? recoverySortQueue : regularSortQueue;
        long range = Seq.distance(myAru, myHighSeqReceived);
        int saved = myAru;
        long i = 1;
        for (; i <= range; i++) {
            if (!queue.holds(saved + (int) i)) {
                break;
            }
        }
        myAru = saved + (int) (i - 1);
    }

    /** Saved once per membership change, restored when recovery fails (old_ring_state_*). */
    void saveOldRingState() {
        if (!oldRingStateSaved) {
            oldRingStateSaved = true;
            myOldRingId = myRingId;
            oldRingStateAru = myAru;
            oldRingStateHighSeqReceived = myHighSeqReceived;
        }
    }

    void restoreOldRingState() {
        myAru = oldRingStateAru;
        myHighSeqReceived = oldRingStateHighSeqReceived;
    }

    boolean iAmRep() {
        return myRingId.rep() == myId;
    }

    public int nodeId() {
        return myId;
    }

    public TotemState state() {
        return state;
    }

    public RingId ringId() {
        return myRingId;
    }

    public int[] members() {
        return membList.toSortedArray();
    }

    public TotemCounters counters() {
        return counters;
    }

    /** The protocol variables an operator or a failing simulation wants to see, on one line. */
    public String describe() {
        return "node " + myId + " " + state + " ring " + myRingId + " members " + membList + " proc " + procList
                + " failed " + failedList + " aru " + Integer.toUnsignedString(myAru) + " high_seq_received "
                + Integer.toUnsignedString(myHighSeqReceived) + " high_delivered "
                + Integer.toUnsignedString(myHighDelivered) + " token_seq " + Integer.toUnsignedString(myTokenSeq)
                + " pending " + newMessageQueue.size() + "+" + newMessageQueueTrans.size() + " retrans_queue "
                + retransMessageQueue.size() + " install_seq " + Integer.toUnsignedString(myInstallSeq) + " "
                + recovery.describe() + " received_flg " + myReceivedFlg + " seq_unchanged " + mySeqUnchanged
                + " aru_count " + myAruCount;
    }
}
