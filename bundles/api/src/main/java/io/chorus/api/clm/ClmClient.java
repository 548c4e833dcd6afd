package io.chorus.api.clm;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.Objects;

/** The CLM client library: {@link Clm} over an {@link EngineConnection} speaking {@link ClmProtocol}. */
public final class ClmClient implements Clm {

    private final EngineConnection connection;
    private final ClmCallbacks callbacks;
    private final ClmVersion version;
    private final CallbackLoop loop;
    private volatile boolean closed;
    private Thread dispatchThread;

    private ClmClient(EngineConnection connection, ClmCallbacks callbacks, ClmVersion version) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.version = version;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /**
     * {@code saClmInitialize} on an open connection to the {@code clm} engine (the handle owns it): INVALID_PARAM
     * for a null version, VERSION when the engine does not implement it (the connection is closed then).
     */
    public static Clm initialize(EngineConnection connection, ClmCallbacks callbacks, ClmVersion version)
            throws ChorusException {
        Objects.requireNonNull(connection);
        if (version == null) {
            connection.close();
            throw new ChorusException(ChorusError.INVALID_PARAM, "no version");
        }
        ByteBuffer req = LittleEndian.allocate(12);
        req.putInt(version.releaseCode()).putInt(version.majorVersion()).putInt(version.minorVersion()).flip();
        try {
            ByteBuffer r = connection.call(ClmProtocol.INITIALIZE, req);
            ClmVersion implemented = new ClmVersion((char) r.getInt(), r.getInt(), r.getInt());
            return new ClmClient(connection, callbacks == null ? new ClmCallbacks() { } : callbacks, implemented);
        } catch (ChorusException | RuntimeException e) {
            connection.close();
            if (e instanceof ChorusException ce) {
                throw ce;
            }
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed CLM answer: " + e);
        }
    }

    @Override
    public ClmVersion version() {
        return version;
    }

    private ByteBuffer track(int flags, boolean inAnswer) throws ChorusException {
        ByteBuffer req = LittleEndian.allocate(8);
        req.putInt(flags).putInt(inAnswer ? 1 : 0).flip();
        return connection.call(ClmProtocol.TRACK, req);
    }

    @Override
    public ClmNotificationBuffer clusterTrack(int flags) throws ChorusException {
        ByteBuffer r = track(flags, true);
        if ((flags & ClmTrackFlags.CURRENT) == 0) {
            return null;
        }
        return decode(() -> ClmProtocol.getBuffer(r));
    }

    @Override
    public void clusterTrackCallback(int flags) throws ChorusException {
        track(flags, false);
    }

    @Override
    public void clusterTrackStop() throws ChorusException {
        connection.call(ClmProtocol.TRACK_STOP, null);
    }

    @Override
    public ClmNode clusterNodeGet(int nodeId, long timeoutNanos) throws ChorusException {
        ByteBuffer req = LittleEndian.allocate(12);
        req.putInt(nodeId).putLong(timeoutNanos).flip();
        ByteBuffer r = connection.call(ClmProtocol.NODE_GET, req);
        return decode(() -> ClmProtocol.getNode(r));
    }

    @Override
    public void clusterNodeGetAsync(long invocation, int nodeId) throws ChorusException {
        ByteBuffer req = LittleEndian.allocate(12);
        req.putLong(invocation).putInt(nodeId).flip();
        connection.call(ClmProtocol.NODE_GET_ASYNC, req);
    }

    @Override
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    /** Runs one callback; false for a callback this library does not know (a newer engine's). */
    private boolean run(EngineCallback cb) throws ChorusException {
        ByteBuffer b = cb.body();
        switch (cb.fn()) {
            case ClmProtocol.CB_TRACK -> {
                ChorusError error = ChorusError.of(b.getInt());
                int members = b.getInt();
                ClmNotificationBuffer buf = decode(() -> ClmProtocol.getBuffer(b));
                callbacks.clusterTrack(buf, members, error);
                return true;
            }
            case ClmProtocol.CB_NODE_GET -> {
                long invocation = b.getLong();
                ChorusError error = ChorusError.of(b.getInt());
                ClmNode node = b.getInt() == 0 ? null : decode(() -> ClmProtocol.getNode(b));
                callbacks.clusterNodeGet(invocation, node, error);
                return true;
            }
            default -> {
                return false;
            }
        }
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
                // the executive went away
            }
        }, "chorus-clm-dispatch");
        dispatchThread.setDaemon(true);
        dispatchThread.start();
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }

    private interface Decoder<T> {
        T decode();
    }

    private static <T> T decode(Decoder<T> d) throws ChorusException {
        try {
            return d.decode();
        } catch (RuntimeException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed CLM message: " + e);
        }
    }
}
