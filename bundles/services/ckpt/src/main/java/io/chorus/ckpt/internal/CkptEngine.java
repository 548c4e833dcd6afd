package io.chorus.ckpt.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.ckpt.Ckpt;
import io.chorus.api.ckpt.CkptCreationAttributes;
import io.chorus.api.ckpt.CkptProtocol;
import io.chorus.api.ckpt.CkptSectionDescriptor;
import io.chorus.api.ckpt.CkptSectionId;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;

/**
 * The CKPT service engine (services.md §5): full replication, every mutation and every read an ordered message
 * applied by {@link CkptReplica} on every node; the originating node answers its client. Retention and section
 * expiry are local timers that end in an ordered message from the lowest member, so deletions are ordered too.
 * Event-loop only.
 */
@Component(service = ServiceEngine.class)
public final class CkptEngine implements ServiceEngine, CkptReplica.Timers {

    public static final EngineInfo INFO = new EngineInfo("ckpt", CkptWire.SERVICE_ID, 0, Set.of("openais_ckpt"));

    private final LongSupplier clockNanos;
    final CkptReplica replica = new CkptReplica(this);
    private final Map<Long, CkptSession> sessions = new HashMap<>();
    private final CkptSync sync = new CkptSync(this);
    EngineContext context;

    /** The wall clock (section times are ns since the epoch). */
    public CkptEngine() {
        this(() -> System.currentTimeMillis() * 1_000_000L);
    }

    /** Tests on virtual time give the simulated clock. */
    CkptEngine(LongSupplier clockNanos) {
        this.clockNanos = clockNanos;
    }

    @Override
    public EngineInfo info() {
        return INFO;
    }

    @Override
    public void start(EngineContext ctx) {
        context = ctx;
    }

    @Override
    public void stop() {
        replica.checkpoints.clear();
        sessions.clear();
    }

    @Override
    public SyncParticipant sync() {
        return sync;
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public void sessionOpened(ClientSession session) {
        CkptSession s = new CkptSession(session);
        session.attach(s);
        sessions.put(session.id(), s);
    }

    /** The client exited or finalized: its checkpoints are closed for it, in order, on every node. */
    @Override
    public void sessionClosed(ClientSession session) {
        CkptSession s = sessions.remove(session.id());
        if (s == null) {
            return;
        }
        for (CkptSession.Open o : s.opens.values()) {
            sendOrdered(CkptWire.CLOSE, CkptProtocol.out().i64(CkptWire.NO_SESSION).i64(o.checkpointId()).done());
        }
        s.opens.clear();
    }

    /** Status, iteration and initialize read this node's replica; everything else is ordered. */
    @Override
    public boolean requiresFlowControl(int fn) {
        return switch (fn) {
            case CkptProtocol.INITIALIZE, CkptProtocol.STATUS_GET, CkptProtocol.ITERATION_INITIALIZE,
                    CkptProtocol.ITERATION_NEXT, CkptProtocol.ITERATION_FINALIZE -> false;
            default -> true;
        };
    }

    // ------------------------------------------------------------------ requests

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        CkptSession s = session.attachment(CkptSession.class);
        ByteBuffer b = LittleEndian.view(body);
        ByteBuffer answer;
        try {
            if (s == null || (!s.initialized && fn != CkptProtocol.INITIALIZE)) {
                answer = ResponseStatus.of(ChorusError.BAD_HANDLE);
            } else {
                answer = new Requests(this, s).handle(fn, b);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            answer = ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        if (answer != null) { // null: the answer comes when the ordered message is delivered
            session.respond(fn, answer);
        }
    }

    /**
     * Multicasts a client's operation; the answer follows its delivery. A refusal is the answer (TRY_AGAIN while
     * sync runs or the queue is full).
     */
    ByteBuffer order(CkptSession s, int libFn, int execFn, ByteBuffer... msg) {
        Admission a = context.multicast(execFn, msg);
        if (a == Admission.ACCEPTED) {
            s.pendingFn = libFn;
            return null;
        }
        return ResponseStatus.of(a);
    }

    /** An ordered message nobody waits for (closes on exit, expiries): the executive keeps it until the ring takes it. */
    void sendOrdered(int fn, ByteBuffer msg) {
        context.multicastWhenAdmitted(fn, msg);
    }

    long now() {
        return clockNanos.getAsLong();
    }

    Checkpoint checkpoint(long id) {
        return replica.checkpoints.get(id);
    }

    /** Sections matching an iteration's selection, as the replica holds them now. */
    ArrayDeque<CkptSectionDescriptor> sections(Checkpoint c, int selection, long time) {
        ArrayDeque<CkptSectionDescriptor> out = new ArrayDeque<>();
        for (Section s : c.sections.values()) {
            boolean match = switch (selection) {
                case Ckpt.SECTIONS_FOREVER -> s.expirationTime == Ckpt.TIME_END;
                case Ckpt.SECTIONS_LEQ_EXPIRATION_TIME -> s.expirationTime <= time;
                case Ckpt.SECTIONS_GEQ_EXPIRATION_TIME -> s.expirationTime >= time;
                case Ckpt.SECTIONS_CORRUPTED -> false; // full replication: never corrupted
                case Ckpt.SECTIONS_ANY -> true;
                default -> throw new IllegalArgumentException("selection " + selection);
            };
            if (match) {
                out.add(s.descriptor());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the ring's side

    @Override
    public void deliver(int fn, int senderNodeId, ByteBuffer body) {
        ByteBuffer b = LittleEndian.view(body);
        try {
            if (fn >= CkptWire.SYNC_GLOBALID) {
                sync.deliver(fn, senderNodeId, b);
            } else {
                new Delivery(this, senderNodeId).apply(fn, b);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // malformed: a node speaking something else; every node ignores it alike
        }
    }

    /** Answers the session that sent an ordered operation, on its node only. */
    void answer(int senderNodeId, long sessionId, ByteBuffer response) {
        CkptSession s = waiting(senderNodeId, sessionId);
        if (s != null) {
            s.session.respond(s.pendingFn, response);
        }
    }

    /** The local, still open session that sent a message, or null. */
    CkptSession waiting(int senderNodeId, long sessionId) {
        if (senderNodeId != context.localNodeId() || sessionId == CkptWire.NO_SESSION) {
            return null;
        }
        CkptSession s = sessions.get(sessionId);
        return s != null && s.session.isOpen() ? s : null;
    }

    /** The lowest member sends the ordered expiries, so each is multicast once. */
    private boolean lowestMember() {
        RingView view = context.currentView();
        if (view == null) {
            return false;
        }
        int lowest = Integer.MAX_VALUE;
        for (int m : view.members()) {
            lowest = Math.min(lowest, m);
        }
        return lowest == context.localNodeId();
    }

    @Override
    public void unused(Checkpoint c) {
        if (c.retentionTimer != null) {
            c.retentionTimer.cancel(false);
            c.retentionTimer = null;
        }
        long ns = c.attributes.retentionDuration();
        if (ns == Ckpt.TIME_END || context == null) {
            return;
        }
        long id = c.id;
        c.retentionTimer = context.schedule(() -> {
            if (lowestMember()) {
                sendOrdered(CkptWire.RETENTION_END, CkptProtocol.out().i64(id).done());
            }
        }, Math.max(0, ns / 1_000_000L));
    }

    @Override
    public void expiration(Checkpoint c, Section s) {
        s.cancelTimer();
        if (s.expirationTime == Ckpt.TIME_END || context == null) {
            return;
        }
        long id = c.id;
        CkptSectionId sid = s.id;
        long at = s.expirationTime;
        long delayMillis = Math.max(0, (at - now()) / 1_000_000L);
        s.expiryTimer = context.schedule(() -> {
            if (lowestMember()) {
                sendOrdered(CkptWire.SECTION_EXPIRE, CkptProtocol.out().i64(id).id(sid).i64(at).done());
            }
        }, delayMillis);
    }

    /** After sync: the gap services.md §5 names — retention and expiry timers restart for the adopted state. */
    void restartTimers() {
        for (Checkpoint c : new ArrayList<>(replica.checkpoints.all())) {
            for (Section s : c.sections.values()) {
                expiration(c, s);
            }
            replica.released(c);
        }
    }

    static CkptCreationAttributes attrsOrNull(ByteBuffer b) {
        return b.getInt() != 0 ? CkptProtocol.getAttrs(b) : null;
    }
}
