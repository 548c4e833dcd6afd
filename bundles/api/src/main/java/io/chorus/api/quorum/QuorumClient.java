package io.chorus.api.quorum;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/** The quorum client library ({@code quorum_initialize} ...) over an {@link EngineConnection} to the quorum engine. */
public final class QuorumClient implements AutoCloseable {

    private final EngineConnection connection;
    private final QuorumCallbacks callbacks;
    private final CallbackLoop loop;
    private volatile boolean closed;

    private QuorumClient(EngineConnection connection, QuorumCallbacks callbacks) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /** The handle owns {@code connection}. */
    public static QuorumClient open(EngineConnection connection, QuorumCallbacks callbacks) {
        return new QuorumClient(Objects.requireNonNull(connection), Objects.requireNonNull(callbacks));
    }

    public boolean getQuorate() throws ChorusException {
        ByteBuffer r = connection.call(QuorumProtocol.GETQUORATE, null);
        return decode(r).getInt() != 0;
    }

    /** {@link QuorumProtocol#TYPE_FREE} without a quorum provider, {@link QuorumProtocol#TYPE_SET} with one. */
    public int getType() throws ChorusException {
        return decode(connection.call(QuorumProtocol.GETTYPE, null)).getInt();
    }

    /** {@link QuorumProtocol#TRACK_CURRENT} and/or {@link QuorumProtocol#TRACK_CHANGES}. */
    public void trackStart(int flags) throws ChorusException {
        connection.call(QuorumProtocol.TRACKSTART, LittleEndian.ints(flags));
    }

    public void trackStop() throws ChorusException {
        connection.call(QuorumProtocol.TRACKSTOP, null);
    }

    /**
     * Runs queued notifications ({@link CallbackLoop}): ALL and ONE_NONBLOCKING do not wait, ONE waits for one,
     * BLOCKING until close. Returns how many ran.
     */
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    /** Runs one callback; false for a callback this library does not know (a newer engine's). */
    private boolean run(EngineCallback cb) throws ChorusException {
        if (cb.fn() != QuorumProtocol.CB_NOTIFY) {
            return false;
        }
        ByteBuffer b = LittleEndian.view(cb.body());
        try {
            boolean quorate = b.getInt() != 0;
            long seq = b.getLong();
            callbacks.notify(quorate, seq, QuorumProtocol.getNodeIds(b));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed quorum notification: " + e);
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }

    static ByteBuffer decode(ByteBuffer r) throws ChorusException {
        if (r == null || r.remaining() < 4) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "short answer");
        }
        return r;
    }
}
