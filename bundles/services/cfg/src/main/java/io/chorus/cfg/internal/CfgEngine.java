package io.chorus.cfg.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.cfg.CfgProtocol;
import io.chorus.api.cfg.CfgRing;
import io.chorus.api.cfg.CfgShutdownFlag;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.NodeControl;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CFG engine (service id 1, as Corosync's): ring status, cluster-wide ring re-enable, kill a node and shutdown
 * with the consent of every node's tracking clients. Every cluster-visible step is an agreed message
 * ({@link CfgWire}); what the node itself does (re-enable its rings, stop) goes through {@link NodeControl}, which
 * the executive bundle offers. The engine keeps no shared state, so it needs no sync. Event-loop only.
 */
@Component(service = ServiceEngine.class)
public final class CfgEngine implements ServiceEngine {

    static final Logger LOG = LoggerFactory.getLogger("io.chorus.cfg");

    public static final EngineInfo INFO = new EngineInfo("cfg", CfgWire.SERVICE_ID, 0, Set.of("corosync_cfg"));

    /** How long tracking clients have to answer (Corosync's shutdown_timeout default: 5 s). */
    static final long REPLY_TIMEOUT_MILLIS = 5_000;
    /** How long the requesting node waits for every node's vote; a missing vote counts as no. */
    static final long VOTE_TIMEOUT_MILLIS = 10_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeControl nodeControl;

    private EngineContext context;
    private final Set<ClientSession> trackers = new LinkedHashSet<>();
    private final Map<Long, ClientSession> reenabling = new HashMap<>();
    private final List<LocalPoll> polls = new ArrayList<>();
    private ShutdownRequest shutdown;
    private int nextSeq = 1;
    private boolean stopping;

    /** For DS. */
    public CfgEngine() {
    }

    /** For tests: an engine with its own node control. */
    CfgEngine(NodeControl nodeControl) {
        this.nodeControl = nodeControl;
    }

    @Override
    public EngineInfo info() {
        return INFO;
    }

    /** Corosync's cfg sets allow_inquorate: an operator must be able to re-enable rings or stop a node anywhere. */
    @Override
    public boolean allowInquorate() {
        return true;
    }

    @Override
    public void start(EngineContext ctx) {
        this.context = ctx;
    }

    @Override
    public void stop() {
        trackers.clear();
        reenabling.clear();
        polls.forEach(p -> cancel(p.timeout));
        polls.clear();
        if (shutdown != null) {
            cancel(shutdown.timeout);
            shutdown = null;
        }
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public void sessionClosed(ClientSession session) {
        trackers.remove(session);
        reenabling.values().remove(session);
        // A tracking client that goes away no longer counts (as Corosync's remove_ci_from_shutdown).
        for (LocalPoll p : new ArrayList<>(polls)) {
            if (p.asked.remove(session)) {
                finishPollIfDone(p);
            }
        }
        if (shutdown != null && shutdown.session == session && !shutdown.proceeding) {
            cancel(shutdown.timeout);
            shutdown = null;
        }
    }

    // ------------------------------------------------------------------ library requests

    @Override
    public boolean requiresFlowControl(int fn) {
        return fn == CfgProtocol.RING_REENABLE || fn == CfgProtocol.KILL_NODE || fn == CfgProtocol.TRY_SHUTDOWN;
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        ByteBuffer b = body == null ? LittleEndian.allocate(0) : LittleEndian.view(body);
        ByteBuffer answer;
        try {
            answer = switch (fn) {
                case CfgProtocol.RING_STATUS_GET -> ringStatus();
                case CfgProtocol.RING_REENABLE -> ringReenable(session);
                case CfgProtocol.LOCAL_GET -> ResponseStatus.ok(LittleEndian.ints(context.localNodeId()));
                case CfgProtocol.MEMBERS_GET -> ResponseStatus.ok(CfgProtocol.nodeIds(members()));
                case CfgProtocol.KILL_NODE -> killNode(b.getInt(), LittleEndian.getCountedString(b));
                case CfgProtocol.TRY_SHUTDOWN -> tryShutdown(session, CfgShutdownFlag.of(b.getInt()));
                case CfgProtocol.REPLY_TO_SHUTDOWN -> replyToShutdown(session, b.getInt() != 0);
                case CfgProtocol.TRACK_START -> track(session, true);
                case CfgProtocol.TRACK_STOP -> track(session, false);
                default -> ResponseStatus.of(ChorusError.NOT_SUPPORTED);
            };
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            answer = ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        if (answer != null) { // null: answered later, when the agreed message comes back
            session.respond(fn, answer);
        }
    }

    private int[] members() {
        RingView v = context.currentView();
        return v == null ? new int[0] : v.members();
    }

    private ByteBuffer ringStatus() {
        NodeControl nc = nodeControl;
        if (nc == null) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        List<CfgRing> rings = nc.status().rings().stream()
                .map(r -> new CfgRing(r.ringNumber(), r.address(), r.faulty(), r.describe())).toList();
        return ResponseStatus.ok(CfgProtocol.rings(rings));
    }

    private ByteBuffer ringReenable(ClientSession session) {
        Admission a = context.multicast(CfgWire.RINGREENABLE,
                CfgWire.ringReenable(context.localNodeId(), session.id()));
        if (a != Admission.ACCEPTED) {
            return ResponseStatus.of(a);
        }
        reenabling.put(session.id(), session);
        return null;
    }

    private ByteBuffer killNode(int nodeId, String reason) {
        if (!contains(members(), nodeId)) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        if (reason.length() > CfgProtocol.MAX_REASON) {
            return ResponseStatus.of(ChorusError.NAME_TOO_LONG);
        }
        return ResponseStatus.of(context.multicast(CfgWire.KILLNODE, CfgWire.killNode(nodeId, reason)));
    }

    private ByteBuffer tryShutdown(ClientSession session, CfgShutdownFlag flag) {
        if (shutdown != null || stopping) {
            return ResponseStatus.of(ChorusError.BUSY);
        }
        ShutdownRequest r = new ShutdownRequest(session, flag, nextSeq++);
        Admission a = flag == CfgShutdownFlag.IMMEDIATE ? context.multicast(CfgWire.SHUTDOWN)
                : context.multicast(CfgWire.SHUTDOWN_REQUEST, CfgWire.shutdownRequest(r.seq, flag.code()));
        if (a != Admission.ACCEPTED) {
            return ResponseStatus.of(a);
        }
        r.proceeding = flag == CfgShutdownFlag.IMMEDIATE;
        shutdown = r;
        if (!r.proceeding) {
            r.timeout = context.schedule(() -> voteTimedOut(r), VOTE_TIMEOUT_MILLIS);
        }
        return null;
    }

    private ByteBuffer replyToShutdown(ClientSession session, boolean yes) {
        for (LocalPoll p : polls) {
            if (p.asked.remove(session)) {
                p.no |= !yes;
                finishPollIfDone(p);
                return ResponseStatus.of(ChorusError.OK);
            }
        }
        return ResponseStatus.of(ChorusError.NOT_EXIST);
    }

    private ByteBuffer track(ClientSession session, boolean start) {
        if (start) {
            trackers.add(session);
        } else {
            trackers.remove(session);
        }
        return ResponseStatus.of(ChorusError.OK);
    }

    // ------------------------------------------------------------------ agreed messages

    @Override
    public void deliver(int fn, int sender, ByteBuffer body) {
        ByteBuffer b = LittleEndian.view(body);
        try {
            switch (fn) {
                case CfgWire.RINGREENABLE -> deliverRingReenable(sender, b);
                case CfgWire.KILLNODE -> deliverKill(sender, b);
                case CfgWire.SHUTDOWN -> deliverShutdown(sender);
                case CfgWire.RELOAD_CONFIG -> LOG.warn("Node {} asked every node to reload its configuration"
                        + " (corosync-cfgtool -R): not supported here, ignored", Integer.toUnsignedString(sender));
                case CfgWire.CRYPTO_RECONFIG -> LOG.warn("Node {} sent a crypto reconfiguration: not supported"
                        + " here, ignored", Integer.toUnsignedString(sender));
                case CfgWire.SHUTDOWN_REQUEST -> deliverShutdownRequest(sender, b.getInt(), b.getInt());
                case CfgWire.SHUTDOWN_VOTE -> deliverVote(sender, b.getInt(), b.getInt(), b.getInt() != 0);
                default -> LOG.debug("cfg: unknown exec message {} from node {}", fn, sender);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            LOG.warn("cfg: malformed exec message {} from node {}: {}", fn, sender, e.toString());
        }
    }

    private void deliverRingReenable(int sender, ByteBuffer b) {
        NodeControl nc = nodeControl;
        int n = nc == null ? 0 : nc.reenableRings();
        LOG.info("Re-enabling all failed rings at the request of node {} ({} were faulty here)",
                Integer.toUnsignedString(sender), n);
        if (sender == context.localNodeId() && b.remaining() >= CfgWire.SOURCE_SIZE) {
            ClientSession s = reenabling.remove(CfgWire.ringReenableSession(b));
            if (s != null && s.isOpen()) {
                s.respond(CfgProtocol.RING_REENABLE, ResponseStatus.of(ChorusError.OK));
            }
        }
    }

    /** As Corosync: the nodeid decides; a reason that cannot be read does not save the node (it is only logged). */
    private void deliverKill(int sender, ByteBuffer b) {
        if (CfgWire.killTarget(b) != context.localNodeId()) {
            return;
        }
        String reason;
        try {
            reason = CfgWire.killReason(b);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            LOG.warn("cfg: unreadable kill reason from node {}: {}", Integer.toUnsignedString(sender), e.toString());
            reason = "";
        }
        LOG.error("Killed by node {}: {}", Integer.toUnsignedString(sender), reason.isEmpty() ? "(no reason)" : reason);
        stopNode("killed by node " + Integer.toUnsignedString(sender) + (reason.isEmpty() ? "" : ": " + reason));
    }

    private void deliverShutdown(int sender) {
        LOG.info("Node {} was shut down by sysadmin", Integer.toUnsignedString(sender));
        if (sender == context.localNodeId() && shutdown != null && shutdown.proceeding) {
            ShutdownRequest r = shutdown;
            shutdown = null;
            if (r.session.isOpen()) {
                r.session.respond(CfgProtocol.TRY_SHUTDOWN, ResponseStatus.of(ChorusError.OK));
            }
            stopNode("shutdown agreed by the cluster (" + r.flag + ")");
        }
    }

    private void deliverShutdownRequest(int origin, int seq, int flagCode) {
        CfgShutdownFlag flag = CfgShutdownFlag.of(flagCode);
        if (origin == context.localNodeId() && shutdown != null && shutdown.seq == seq) {
            shutdown.delivered(members());
        }
        LocalPoll p = new LocalPoll(origin, seq);
        for (ClientSession t : trackers) {
            if (t.isOpen()) {
                p.asked.add(t);
                t.dispatch(CfgProtocol.CB_SHUTDOWN, LittleEndian.ints(origin, flagCode));
            }
        }
        if (p.asked.isEmpty()) {
            sendVote(origin, seq, true);
            return;
        }
        polls.add(p);
        // Corosync: clients that do not answer in time are taken as "no".
        p.timeout = context.schedule(() -> {
            if (polls.contains(p)) {
                p.no |= flag == CfgShutdownFlag.REQUEST && !p.asked.isEmpty();
                p.asked.clear();
                finishPollIfDone(p);
            }
        }, REPLY_TIMEOUT_MILLIS);
    }

    private void finishPollIfDone(LocalPoll p) {
        if (p.asked.isEmpty() && polls.remove(p)) {
            cancel(p.timeout);
            sendVote(p.origin, p.seq, !p.no);
        }
    }

    private void deliverVote(int voter, int origin, int seq, boolean yes) {
        ShutdownRequest r = shutdown;
        if (origin != context.localNodeId() || r == null || r.seq != seq || r.awaiting == null || r.proceeding) {
            return;
        }
        r.awaiting.remove(voter);
        if (!yes) {
            LOG.info("Node {} refused this node's shutdown", Integer.toUnsignedString(voter));
            r.refused = true;
        }
        decideIfDone(r);
    }

    @Override
    public void configurationChange(RingView view) {
        // Nodes that left cannot vote: they no longer count (as Corosync does not wait for dead clients).
        ShutdownRequest r = shutdown;
        if (r != null && r.awaiting != null && !r.proceeding) {
            r.awaiting.removeIf(id -> !view.contains(id));
            decideIfDone(r);
        }
    }

    private void voteTimedOut(ShutdownRequest r) {
        if (shutdown != r || r.proceeding) {
            return;
        }
        LOG.info("Shutdown vote timed out; no answer from {}", r.awaiting);
        r.refused |= r.awaiting == null || !r.awaiting.isEmpty();
        if (r.awaiting != null) {
            r.awaiting.clear();
        } else {
            r.delivered(new int[0]);
        }
        decideIfDone(r);
    }

    private void decideIfDone(ShutdownRequest r) {
        if (!r.decided()) {
            return;
        }
        cancel(r.timeout);
        if (!r.proceed()) {
            shutdown = null;
            if (r.session.isOpen()) {
                r.session.respond(CfgProtocol.TRY_SHUTDOWN, ResponseStatus.of(ChorusError.BUSY));
            }
            return;
        }
        r.proceeding = true;
        multicastWhenAdmitted(CfgWire.SHUTDOWN, LittleEndian.allocate(0));
    }

    private void sendVote(int origin, int seq, boolean yes) {
        multicastWhenAdmitted(CfgWire.SHUTDOWN_VOTE, CfgWire.vote(origin, seq, yes));
    }

    /** Votes and the final SHUTDOWN must go out even when sync or a full queue refuses them for a moment. */
    private void multicastWhenAdmitted(int fn, ByteBuffer body) {
        if (context != null) {
            context.multicastWhenAdmitted(fn, body);
        }
    }

    private void stopNode(String reason) {
        stopping = true;
        NodeControl nc = nodeControl;
        if (nc == null) {
            LOG.error("cannot stop this node ({}): no NodeControl service", reason);
            return;
        }
        nc.shutdown(reason);
    }

    // ------------------------------------------------------------------ helpers


    private static boolean contains(int[] ids, int id) {
        for (int i : ids) {
            if (i == id) {
                return true;
            }
        }
        return false;
    }

    private static void cancel(java.util.concurrent.ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
