package io.chorus.votequorum.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.quorum.QuorumProtocol;
import io.chorus.api.quorum.QuorumProvider;
import io.chorus.api.quorum.VotequorumInfo;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.api.spi.SyncParticipant;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The votequorum engine (service 5, as Corosync's): announces this node's votes in every sync (NODEINFO, wire
 * compatible with Corosync 3.1.7), computes quorum with {@link VoteState}, answers getinfo / setexpected /
 * setvotes / track, and is the {@link QuorumProvider} the executive asks whether this partition may serve.
 * Without {@code quorum.provider: corosync_votequorum} it stays passive (no sync turn, always quorate), as a C
 * node does. Event-loop only, except the provider's reads.
 */
public final class VotequorumEngine implements ServiceEngine, QuorumProvider {

    static final Logger LOG = LoggerFactory.getLogger("io.chorus.quorum");

    public static final EngineInfo INFO = new EngineInfo("votequorum", VotequorumWire.SERVICE_ID, 0,
            Set.of("corosync_votequorum"));

    private final VoteSettings settings;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private EngineContext context;
    private VoteState state;
    private volatile boolean quorate = true;
    private volatile long ringSeq;
    private volatile int[] members = new int[0];
    /** NODEINFO carries FIRST until this node's first sync completed. */
    private boolean firstSync = true;
    private boolean syncing;
    private ScheduledFuture<?> lmsTimer;
    private final Sync sync = new Sync();

    VotequorumEngine(VoteSettings settings) {
        this.settings = settings;
    }

    /** The engine for {@code config}, as its DS component makes it (also for a node run without OSGi). */
    public static VotequorumEngine of(io.chorus.config.ChorusConfig config) {
        return new VotequorumEngine(VoteSettings.from(config));
    }

    /** Whether {@code quorum.provider} is corosync_votequorum: the executive then asks {@link #primary()}. */
    public boolean isProvider() {
        return settings.provider();
    }

    @Override
    public EngineInfo info() {
        return INFO;
    }

    /** For the executive: a non-quorate partition refuses requests of engines that do not allow it. */
    public BooleanSupplier primary() {
        return () -> quorate;
    }

    @Override
    public void start(EngineContext ctx) {
        this.context = ctx;
        this.state = new VoteState(settings, ctx.localNodeId());
        // Until the first sync the node only knows itself; with the provider that decides (one node of three is
        // not quorate), without it every partition is quorate.
        quorate = !settings.provider() || state.quorate;
        members = new int[] {ctx.localNodeId()};
        publish();
    }

    @Override
    public void stop() {
        if (lmsTimer != null) {
            lmsTimer.cancel(false);
        }
        quorate = true;
    }

    @Override
    public boolean allowInquorate() {
        return true;
    }

    @Override
    public SyncParticipant sync() {
        return settings.provider() ? sync : null;
    }

    // ------------------------------------------------------------------ QuorumProvider

    @Override
    public boolean quorate() {
        return quorate;
    }

    @Override
    public long ringSeq() {
        return ringSeq;
    }

    @Override
    public int[] members() {
        return members.clone();
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ ring

    @Override
    public void configurationChange(RingView view) {
        if (view.transitional() || !settings.provider()) {
            if (!view.transitional()) {
                ringSeq = view.ringSeq();
                members = view.members().clone();
                changed(false);
            }
            return;
        }
        ringSeq = view.ringSeq();
        members = view.members().clone();
        // Departures count at once (the partition that lost its majority stops serving before sync runs);
        // arrivals count once their NODEINFO is delivered.
        int before = state.memberIds().length;
        state.membership(view.members());
        boolean lost = state.memberIds().length < before;
        changed(true);
        if (lost && settings.lastManStanding()) {
            armLastManStanding();
        }
    }

    @Override
    public void deliver(int fn, int senderNodeId, ByteBuffer body) {
        if (!settings.provider()) {
            return;
        }
        try {
            if (fn == VotequorumWire.NODEINFO && body.remaining() >= VotequorumWire.NODEINFO_BODY) {
                VotequorumWire.NodeInfo n = VotequorumWire.nodeInfo(body);
                if (n.nodeId() == VotequorumWire.QDEVICE_NODEID) {
                    return; // qdevice not supported: its pseudo node carries no votes here
                }
                int oldExpected = state.expected;
                state.nodeInfo(n.nodeId(), n.votes(), n.expectedVotes(), n.flags(), contains(members, n.nodeId()));
                if (!syncing) {
                    changed(true);
                }
                if (state.expected != oldExpected) {
                    expectedChanged();
                }
            } else if (fn == VotequorumWire.RECONFIGURE && body.remaining() >= VotequorumWire.RECONFIGURE_BODY) {
                reconfigure(VotequorumWire.reconfigure(body));
            }
        } catch (BufferUnderflowException e) {
            LOG.warn("Short votequorum message fn {} from node {}", fn, senderNodeId);
        }
    }

    private void reconfigure(VotequorumWire.Reconfigure r) {
        switch (r.param()) {
            case VotequorumWire.PARAM_EXPECTED_VOTES -> {
                state.setExpected(r.value());
                state.recalculate();
                expectedChanged();
            }
            case VotequorumWire.PARAM_NODE_VOTES -> state.setVotes(r.nodeId(), r.value());
            case VotequorumWire.PARAM_CANCEL_WFA -> {
                state.waitingForAll = false;
                state.recalculate();
            }
            default -> LOG.warn("Unknown votequorum reconfigure param {}", r.param());
        }
        changed(true);
    }

    private void armLastManStanding() {
        if (lmsTimer != null) {
            lmsTimer.cancel(false);
        }
        lmsTimer = context.schedule(() -> {
            lmsTimer = null;
            int before = state.expected;
            state.lowerExpectedToPresent();
            if (state.expected != before) {
                LOG.info("last_man_standing: expected votes lowered from {} to {}", before, state.expected);
                expectedChanged();
                changed(true);
            }
        }, settings.lmsWindowMillis());
    }

    /** Publishes the decision; logs, notifies and calls listeners when something a client sees changed. */
    private void changed(boolean fromState) {
        boolean before = quorate;
        if (fromState) {
            quorate = state.quorate;
        }
        if (before != quorate) {
            LOG.info(quorate ? "This node is within the primary component and will provide service."
                    : "This node is within the non-primary component and will NOT provide any services.");
        }
        publish();
        for (Runnable l : listeners) {
            l.run();
        }
        sendQuorumCallbacks(false);
    }

    private void publish() {
        if (context == null) {
            return;
        }
        context.publishStatistic("quorate", quorate ? 1 : 0);
        context.publishStatistic("total_votes", state.totalVotes);
        context.publishStatistic("expected_votes", state.expected);
        context.publishStatistic("quorum", state.quorum);
        context.publishStatistic("this_node_votes", state.self().votes);
        context.publishStatistic("wait_for_all_status", state.waitingForAll ? 1 : 0);
    }

    // ------------------------------------------------------------------ sync

    /** Every node announces itself and the (absent) qdevice, as C nodes do; the decision is taken at activate. */
    private final class Sync implements SyncParticipant {
        private boolean selfSent;
        private boolean qdeviceSent;

        @Override
        public void init(int[] transitionalMembers, int[] newMembers, long seq) {
            syncing = true;
            selfSent = false;
            qdeviceSent = false;
        }

        @Override
        public boolean process() {
            if (!selfSent) {
                VoteState.Node me = state.self();
                selfSent = multicast(VotequorumWire.NODEINFO, VotequorumWire.nodeInfo(new VotequorumWire.NodeInfo(
                        me.nodeId, me.votes, state.expected, state.announceFlags(firstSync))));
            }
            if (selfSent && !qdeviceSent) {
                // C sends its zero-filled qdevice pseudo node (votes 0, expected 0, flags 0) when no qdevice is
                // registered; a C node logs "nodeinfo message[0]: votes: 0, expected: 0 flags: 0" for it.
                qdeviceSent = multicast(VotequorumWire.NODEINFO, VotequorumWire.nodeInfo(new VotequorumWire.NodeInfo(
                        VotequorumWire.QDEVICE_NODEID, 0, 0, 0)));
            }
            return selfSent && qdeviceSent;
        }

        @Override
        public void activate() {
            syncing = false;
            firstSync = false;
            state.membership(members);
            changed(true);
            LOG.info("Members[{}]: {}", members.length, Arrays.toString(members).replaceAll("[\\[\\],]", ""));
        }

        @Override
        public void abort() {
            syncing = false;
        }
    }

    private boolean multicast(int fn, ByteBuffer body) {
        return context.multicast(fn, body) == Admission.ACCEPTED;
    }

    // ------------------------------------------------------------------ clients

    @Override
    public void sessionOpened(ClientSession session) {
        session.attach(new Tracking());
    }

    @Override
    public void sessionClosed(ClientSession session) {
        Tracking t = session.attachment(Tracking.class);
        if (t != null) {
            t.flags = 0;
        }
        sessions.remove(session);
    }

    private final List<ClientSession> sessions = new CopyOnWriteArrayList<>();

    /** Per-session track flags. */
    static final class Tracking {
        int flags;
    }

    @Override
    public boolean requiresFlowControl(int fn) {
        return fn == QuorumProtocol.VQ_SETEXPECTED || fn == QuorumProtocol.VQ_SETVOTES;
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        ByteBuffer b = LittleEndian.view(body);
        ByteBuffer answer;
        try {
            if (!settings.provider()) {
                answer = ResponseStatus.of(ChorusError.NOT_EXIST); // votequorum is not the quorum provider here
            } else {
                answer = switch (fn) {
                    case QuorumProtocol.VQ_GETINFO -> getInfo(b.getInt());
                    case QuorumProtocol.VQ_NODELIST -> ResponseStatus.ok(QuorumProtocol.infos(state.infos()));
                    case QuorumProtocol.VQ_SETEXPECTED -> setExpected(b.getInt());
                    case QuorumProtocol.VQ_SETVOTES -> setVotes(b.getInt(), b.getInt());
                    case QuorumProtocol.VQ_TRACKSTART -> trackStart(session, b.getInt());
                    case QuorumProtocol.VQ_TRACKSTOP -> trackStop(session);
                    default -> ResponseStatus.of(ChorusError.NOT_SUPPORTED);
                };
            }
        } catch (BufferUnderflowException e) {
            answer = ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        session.respond(fn, answer);
        if (fn == QuorumProtocol.VQ_TRACKSTART && ResponseStatus.read(answer) == ChorusError.OK
                && (session.attachment(Tracking.class).flags & QuorumProtocol.TRACK_CURRENT) != 0) {
            quorumCallback(session);
        }
    }

    private ByteBuffer getInfo(int nodeId) {
        int id = nodeId == 0 ? context.localNodeId() : nodeId;
        VoteState.Node n = state.nodes.get(id);
        if (n == null) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        return ResponseStatus.ok(QuorumProtocol.info(state.info(n)));
    }

    /** As C: refused when the quorum it gives could not be met by, or is below half of, the votes present. */
    private ByteBuffer setExpected(int expected) {
        int q = state.quorumFor(expected);
        if (expected < 1 || q < state.totalVotes / 2 || q > state.totalVotes) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        return ResponseStatus.of(context.multicast(VotequorumWire.RECONFIGURE, VotequorumWire.reconfigure(
                new VotequorumWire.Reconfigure(context.localNodeId(), expected, VotequorumWire.PARAM_EXPECTED_VOTES))));
    }

    private ByteBuffer setVotes(int nodeId, int votes) {
        int id = nodeId == 0 ? context.localNodeId() : nodeId;
        if (!state.nodes.containsKey(id) || votes < 0) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        return ResponseStatus.of(context.multicast(VotequorumWire.RECONFIGURE, VotequorumWire.reconfigure(
                new VotequorumWire.Reconfigure(id, votes, VotequorumWire.PARAM_NODE_VOTES))));
    }

    private ByteBuffer trackStart(ClientSession session, int flags) {
        session.attachment(Tracking.class).flags = flags;
        if (!sessions.contains(session)) {
            sessions.add(session);
        }
        return ResponseStatus.of(ChorusError.OK);
    }

    private ByteBuffer trackStop(ClientSession session) {
        session.attachment(Tracking.class).flags = 0;
        sessions.remove(session);
        return ResponseStatus.of(ChorusError.OK);
    }

    private void sendQuorumCallbacks(boolean unused) {
        for (ClientSession s : sessions) {
            Tracking t = s.attachment(Tracking.class);
            if (t != null && (t.flags & (QuorumProtocol.TRACK_CHANGES | QuorumProtocol.TRACK_CHANGES_ONLY)) != 0) {
                quorumCallback(s);
            }
        }
    }

    private void quorumCallback(ClientSession s) {
        s.dispatch(QuorumProtocol.VQ_CB_QUORUM, QuorumProtocol.quorumCallback(quorate, ringSeq, state.nodeList()));
    }

    private void expectedChanged() {
        for (ClientSession s : sessions) {
            Tracking t = s.attachment(Tracking.class);
            if (t != null && t.flags != 0) {
                s.dispatch(QuorumProtocol.VQ_CB_EXPECTEDVOTES, LittleEndian.ints(state.expected));
            }
        }
    }


    /** This node's view, for tests and the console. */
    VotequorumInfo localInfo() {
        return state.info(state.self());
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
