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
 * with the consent of this node's tracking clients (Corosync 3's {@code try_shutdown}: only the node that shuts
 * down asks, so a mixed ring behaves the same on every node). Every cluster-visible step is an agreed message
 * ({@link CfgWire}); what the node itself does (re-enable its rings, stop) goes through {@link NodeControl}, which
 * the executive bundle offers. The engine keeps no shared state, so it needs no sync. Event-loop only.
 */
@Component(service = ServiceEngine.class)
public final class CfgEngine implements ServiceEngine {

    static final Logger LOG = LoggerFactory.getLogger("io.chorus.cfg");

    public static final EngineInfo INFO = new EngineInfo("cfg", CfgWire.SERVICE_ID, 0, Set.of("corosync_cfg"));

    /** How long tracking clients have to answer; a missing answer counts as no (Corosync's shutdown_timeout: 5 s). */
    static final long REPLY_TIMEOUT_MILLIS = 5_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeControl nodeControl;

    private EngineContext context;
    private final Set<ClientSession> trackers = new LinkedHashSet<>();
    private final Map<Long, ClientSession> reenabling = new HashMap<>();
    private ShutdownRequest shutdown;
    private boolean stopping;

    /** For DS. */
    public CfgEngine() {
    }

    /** An engine with its own node control, outside DS: a node run without Karaf, and tests. */
    public CfgEngine(NodeControl nodeControl) {
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
        ShutdownRequest r = shutdown;
        if (r == null || r.proceeding) {
            return;
        }
        if (r.session == session) {
            cancel(r.timeout);
            shutdown = null;
        } else if (r.asked.remove(session)) {
            decideIfDone(r);  // a tracking client that goes away no longer counts (Corosync's remove_ci_from_shutdown)
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

    /**
     * Corosync 3's try_shutdown: IMMEDIATE goes at once; otherwise this node's tracking clients are asked and
     * the answer comes when all said yes (OK, the node leaves), one said no (BUSY, unless REGARDLESS) or the
     * time is up (as no). A shutdown already under way answers EXIST.
     */
    private ByteBuffer tryShutdown(ClientSession session, CfgShutdownFlag flag) {
        if (shutdown != null || stopping) {
            return ResponseStatus.of(ChorusError.EXIST);
        }
        ShutdownRequest r = new ShutdownRequest(session, flag);
        shutdown = r;
        if (flag != CfgShutdownFlag.IMMEDIATE) {
            ByteBuffer ask = LittleEndian.ints(context.localNodeId(), flag.code());
            for (ClientSession t : trackers) {
                if (t != session && t.isOpen()) {
                    r.asked.add(t);
                    t.dispatch(CfgProtocol.CB_SHUTDOWN, ask.duplicate());
                }
            }
        }
        if (!r.decided()) {
            r.timeout = context.schedule(() -> timedOut(r), REPLY_TIMEOUT_MILLIS);
        }
        decideIfDone(r);
        return null;
    }

    private ByteBuffer replyToShutdown(ClientSession session, boolean yes) {
        ShutdownRequest r = shutdown;
        if (r == null || r.proceeding) {
            return ResponseStatus.of(ChorusError.ACCESS);  // Corosync: no shutdown to answer
        }
        if (r.asked.remove(session)) {
            if (!yes) {
                r.refused = true;
            }
            decideIfDone(r);
        }
        return ResponseStatus.of(ChorusError.OK);
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
            stopNode("shutdown requested (" + r.flag + ")");
        }
    }

    private void timedOut(ShutdownRequest r) {
        if (shutdown != r || r.proceeding) {
            return;
        }
        LOG.info("Shutdown: {} tracking client(s) did not answer in time", r.asked.size());
        r.refused = true;
        r.asked.clear();
        decideIfDone(r);
    }

    private void decideIfDone(ShutdownRequest r) {
        if (shutdown != r || r.proceeding || !r.decided()) {
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
        context.multicastWhenAdmitted(CfgWire.SHUTDOWN);
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
