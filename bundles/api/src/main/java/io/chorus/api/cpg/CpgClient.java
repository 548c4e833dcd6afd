package io.chorus.api.cpg;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CPG client library: {@link Cpg} over an {@link EngineConnection} speaking {@link CpgProtocol}. The same
 * class serves in-container handles (over the executive's gateway) and out-of-process programs (over IPC).
 * It splits large messages into PARTIAL_MCAST fragments and reassembles received ones before
 * {@link CpgCallbacks#deliver} sees them.
 */
public final class CpgClient implements Cpg {

    /** How long to wait between retries of a fragment refused with TRY_AGAIN once a message has started. */
    private static final long FRAGMENT_RETRY_MILLIS = 2;

    private final EngineConnection connection;
    private final CpgCallbacks callbacks;
    /** Messages being reassembled, per sending process. Touched by the dispatching thread only. */
    private final Map<Long, Assembly> assemblies = new HashMap<>();
    private final Object sendLock = new Object();
    private final CallbackLoop loop;
    private volatile boolean closed;
    private Thread dispatchThread;

    private CpgClient(EngineConnection connection, CpgCallbacks callbacks) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /** {@code cpg_initialize} on an open connection to the {@code cpg} engine; the handle owns the connection. */
    public static Cpg open(EngineConnection connection, CpgCallbacks callbacks) {
        return new CpgClient(Objects.requireNonNull(connection), Objects.requireNonNull(callbacks));
    }

    @Override
    public void join(CpgGroup group) throws ChorusException {
        connection.call(CpgProtocol.JOIN, CpgProtocol.nameRequest(group));
    }

    @Override
    public void leave(CpgGroup group) throws ChorusException {
        connection.call(CpgProtocol.LEAVE, CpgProtocol.nameRequest(group));
    }

    @Override
    public void mcastJoined(CpgGuarantee guarantee, ByteBuffer... message) throws ChorusException {
        int total = totalLength(message);
        // One message at a time per handle, so fragments of two messages never interleave.
        synchronized (sendLock) {
            if (total <= CpgProtocol.MAX_ATOMIC_MESSAGE) {
                connection.callGathering(CpgProtocol.MCAST, mcastParts(guarantee, total, message));
            } else {
                sendFragments(guarantee, LittleEndian.copyOf(message));
            }
        }
    }

    @Override
    public void mcastPipelined(CpgGuarantee guarantee, ByteBuffer... message) throws ChorusException {
        int total = totalLength(message);
        synchronized (sendLock) {
            if (total <= CpgProtocol.MAX_ATOMIC_MESSAGE) {
                connection.postGathering(CpgProtocol.MCAST, mcastParts(guarantee, total, message));
                return;
            }
            ByteBuffer whole = LittleEndian.copyOf(message);
            // Posted fragments are never refused for now, so none needs a retry of its own.
            for (int offset = 0; offset < total; ) {
                int len = Math.min(CpgProtocol.MAX_ATOMIC_MESSAGE, total - offset);
                ByteBuffer fragment = whole.duplicate().position(offset).limit(offset + len);
                connection.post(CpgProtocol.PARTIAL_MCAST,
                        CpgProtocol.partialRequest(guarantee, fragmentType(offset, len, total), total, fragment));
                offset += len;
            }
        }
    }

    @Override
    public void flush() throws ChorusException {
        connection.flush();
    }

    /** An MCAST request as its header and the caller's buffers, which the connection copies once, as it sends. */
    private static ByteBuffer[] mcastParts(CpgGuarantee guarantee, int total, ByteBuffer[] message) {
        return LittleEndian.prepend(CpgProtocol.mcastHeader(guarantee, total), message);
    }

    /** The bytes of the message's parts; TOO_BIG over 1 MiB. */
    private static int totalLength(ByteBuffer... message) throws ChorusException {
        long total = 0;
        for (ByteBuffer b : message) {
            total += b.remaining();
        }
        if (total > CpgProtocol.MAX_MESSAGE) {
            throw new ChorusException(ChorusError.TOO_BIG, total + " bytes (at most " + CpgProtocol.MAX_MESSAGE + ")");
        }
        return (int) total;
    }

    private static int fragmentType(int offset, int len, int total) {
        return offset == 0 ? CpgProtocol.PARTIAL_FIRST
                : offset + len == total ? CpgProtocol.PARTIAL_LAST : CpgProtocol.PARTIAL_CONTINUED;
    }

    /**
     * The first fragment's TRY_AGAIN goes to the caller (nothing was sent); once a message has started, later
     * fragments are retried here, or the receivers would hold half a message.
     */
    private void sendFragments(CpgGuarantee guarantee, ByteBuffer whole) throws ChorusException {
        int total = whole.remaining();
        int offset = 0;
        while (offset < total) {
            int len = Math.min(CpgProtocol.MAX_ATOMIC_MESSAGE, total - offset);
            int type = fragmentType(offset, len, total);
            ByteBuffer fragment = whole.duplicate().position(offset).limit(offset + len);
            ByteBuffer request = CpgProtocol.partialRequest(guarantee, type, total, fragment);
            while (true) {
                try {
                    connection.call(CpgProtocol.PARTIAL_MCAST, request);
                    break;
                } catch (ChorusException e) {
                    if (!e.isTryAgain() || offset == 0) {
                        throw e;
                    }
                    connection.pause(FRAGMENT_RETRY_MILLIS);
                }
            }
            offset += len;
        }
    }

    @Override
    public List<CpgAddress> membershipGet(CpgGroup group) throws ChorusException {
        ByteBuffer r = connection.call(CpgProtocol.MEMBERSHIP_GET, CpgProtocol.nameRequest(group));
        return decode(() -> CpgProtocol.getAddresses(r));
    }

    @Override
    public int localGet() throws ChorusException {
        ByteBuffer r = connection.call(CpgProtocol.LOCAL_GET, null);
        return decode(r::getInt);
    }

    @Override
    public List<CpgIterationEntry> iteration(CpgIterationType type, CpgGroup group) throws ChorusException {
        if (type == CpgIterationType.ONE_GROUP && group == null) {
            throw new ChorusException(ChorusError.INVALID_PARAM, "ONE_GROUP needs a group");
        }
        ByteBuffer r = connection.call(CpgProtocol.ITERATION,
                CpgProtocol.iterationRequest(type, type == CpgIterationType.ONE_GROUP ? group : null));
        return decode(() -> {
            int n = r.getInt();
            List<CpgIterationEntry> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new CpgIterationEntry(CpgProtocol.getName(r), r.getInt(), r.getInt()));
            }
            return out;
        });
    }

    @Override
    public CpgFlowControl flowControlStateGet() throws ChorusException {
        ByteBuffer r = connection.call(CpgProtocol.FLOW_CONTROL_GET, null);
        return decode(() -> r.getInt() == 0 ? CpgFlowControl.DISABLED : CpgFlowControl.ENABLED);
    }

    @Override
    public int maxAtomicMessageSize() {
        return CpgProtocol.MAX_ATOMIC_MESSAGE;
    }

    // ---- dispatch

    @Override
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    @Override
    public synchronized void startDispatchThread() throws ChorusException {
        if (dispatchThread != null) {
            throw new ChorusException(ChorusError.EXIST, "dispatch thread already running");
        }
        dispatchThread = new Thread(() -> {
            try {
                dispatch(DispatchFlag.BLOCKING);
            } catch (ChorusException e) {
                // The executive went away: the handle is dead, nothing left to dispatch.
            }
        }, "chorus-cpg-dispatch");
        dispatchThread.setDaemon(true);
        dispatchThread.start();
    }

    /** The group of the last delivery: the next one is usually to the same group (see CpgProtocol.getName). */
    private CpgGroup lastDelivered;

    /** Runs one callback; false when it was only a fragment of a message still being reassembled. */
    private boolean run(EngineCallback cb) throws ChorusException {
        ByteBuffer b = cb.body();
        return decode(() -> switch (cb.fn()) {
            case CpgProtocol.CB_DELIVER -> {
                CpgGroup group = CpgProtocol.getName(b, lastDelivered);
                lastDelivered = group;
                int nodeid = b.getInt();
                int pid = b.getInt();
                int len = b.getInt();
                ByteBuffer msg = b.slice(b.position(), len).asReadOnlyBuffer();
                callbacks.deliver(group, nodeid, pid, msg);
                yield true;
            }
            case CpgProtocol.CB_PARTIAL_DELIVER -> partial(b);
            case CpgProtocol.CB_CONFCHG -> {
                CpgGroup group = CpgProtocol.getName(b);
                List<CpgAddress> members = CpgProtocol.getAddresses(b);
                List<CpgAddress> left = CpgProtocol.getAddresses(b);
                List<CpgAddress> joined = CpgProtocol.getAddresses(b);
                for (CpgAddress a : left) {
                    assemblies.remove(key(a.nodeid(), a.pid()));
                }
                callbacks.confchg(group, List.copyOf(members), List.copyOf(left), List.copyOf(joined));
                yield true;
            }
            case CpgProtocol.CB_TOTEM_CONFCHG -> {
                CpgRingId ring = new CpgRingId(b.getInt(), b.getLong());
                callbacks.totemConfchg(ring, CpgProtocol.getMembers(b));
                yield true;
            }
            default -> false; // a newer engine's callback this library does not know
        });
    }

    private boolean partial(ByteBuffer b) {
        CpgGroup group = CpgProtocol.getName(b);
        int nodeid = b.getInt();
        int pid = b.getInt();
        int total = b.getInt();
        int type = b.getInt();
        long key = key(nodeid, pid);
        Assembly a = assemblies.get(key);
        if (type == CpgProtocol.PARTIAL_FIRST) {
            if (total < 0 || total > CpgProtocol.MAX_MESSAGE) {
                assemblies.remove(key);
                return false;
            }
            a = new Assembly(total);
            assemblies.put(key, a);
        } else if (a == null || a.data.capacity() != total) {
            return false; // we joined mid-message, or the sender restarted: nothing to complete
        }
        if (b.remaining() > a.data.remaining()) {
            assemblies.remove(key);
            return false;
        }
        a.data.put(b);
        if (type != CpgProtocol.PARTIAL_LAST) {
            return false;
        }
        assemblies.remove(key);
        if (a.data.hasRemaining()) {
            return false; // a fragment went missing: never deliver a torn message
        }
        callbacks.deliver(group, nodeid, pid, a.data.flip().asReadOnlyBuffer());
        return true;
    }

    private static long key(int nodeid, int pid) {
        return (long) nodeid << 32 | (pid & 0xffffffffL);
    }

    private static final class Assembly {
        final ByteBuffer data;

        Assembly(int total) {
            data = LittleEndian.allocate(total);
        }
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }

    /** A malformed answer or callback means the engine speaks another protocol. */
    private interface Decoder<T> {
        T decode();
    }

    private static <T> T decode(Decoder<T> d) throws ChorusException {
        try {
            return d.decode();
        } catch (RuntimeException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed CPG message: " + e);
        }
    }
}
