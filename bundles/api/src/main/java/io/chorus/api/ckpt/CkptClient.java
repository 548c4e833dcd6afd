package io.chorus.api.ckpt;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The checkpoint client library (a {@code SaCkptHandleT}) over an {@link EngineConnection} speaking
 * {@link CkptProtocol}. Calls are synchronous; the open callback runs in {@link #dispatch}.
 */
public final class CkptClient implements AutoCloseable {

    private final EngineConnection connection;
    private final CkptCallbacks callbacks;
    private final CallbackLoop loop;
    private volatile boolean closed;

    private CkptClient(EngineConnection connection, CkptCallbacks callbacks) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /** {@code saCkptInitialize} at B.01.01 on an open connection to the {@code ckpt} engine (the handle owns it). */
    public static CkptClient initialize(EngineConnection connection, CkptCallbacks callbacks) throws ChorusException {
        return initialize(connection, callbacks, CkptProtocol.RELEASE, CkptProtocol.MAJOR, CkptProtocol.MINOR);
    }

    /** {@code saCkptInitialize} with an explicit version: VERSION unless release 'B' major 1. */
    public static CkptClient initialize(EngineConnection connection, CkptCallbacks callbacks, char release, int major,
            int minor) throws ChorusException {
        Objects.requireNonNull(connection);
        try {
            connection.call(CkptProtocol.INITIALIZE, CkptProtocol.out().i32(release).i32(major).i32(minor).done());
        } catch (ChorusException e) {
            connection.close();
            throw e;
        }
        return new CkptClient(connection, callbacks == null ? new CkptCallbacks() { } : callbacks);
    }

    ByteBuffer call(int fn, CkptProtocol.Out body) throws ChorusException {
        return connection.call(fn, body.done());
    }

    /**
     * {@code saCkptCheckpointOpen}: {@code attributes} only with {@link Ckpt#CREATE}. BAD_FLAGS, INVALID_PARAM,
     * NOT_EXIST, EXIST (different attributes) as services.md §5.
     */
    public CkptCheckpoint checkpointOpen(String name, CkptCreationAttributes attributes, int flags, long timeoutNanos)
            throws ChorusException {
        ByteBuffer r = call(CkptProtocol.OPEN, CkptProtocol.open(CkptProtocol.out(), name, attributes, flags));
        return new CkptCheckpoint(this, r.getLong(), flags);
    }

    /** {@code saCkptCheckpointOpenAsync}: the answer comes through {@link CkptCallbacks#checkpointOpen}. */
    public void checkpointOpenAsync(long invocation, String name, CkptCreationAttributes attributes, int flags)
            throws ChorusException {
        call(CkptProtocol.OPEN_ASYNC, CkptProtocol.open(CkptProtocol.out().i64(invocation), name, attributes, flags));
    }

    /** {@code saCkptCheckpointUnlink}: NOT_EXIST when no live checkpoint has that name. */
    public void checkpointUnlink(String name) throws ChorusException {
        call(CkptProtocol.UNLINK, CkptProtocol.out().string(name));
    }

    /** Runs callbacks as {@link DispatchFlag} says ({@link CallbackLoop}); returns how many ran. */
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    /** Runs one callback; false for a callback this library does not know (a newer engine's). */
    private boolean run(EngineCallback cb) {
        if (cb.fn() != CkptProtocol.CB_OPEN) {
            return false;
        }
        ByteBuffer b = cb.body();
        long invocation = b.getLong();
        ChorusError error = ChorusError.of(b.getInt());
        long handle = b.getLong();
        int flags = b.getInt();
        callbacks.checkpointOpen(invocation, error == ChorusError.OK ? new CkptCheckpoint(this, handle, flags) : null,
                error);
        return true;
    }

    /** Lets time pass before a retry (the connection's own notion of time: virtual in tests). */
    public void pause(long millis) throws ChorusException {
        connection.pause(millis);
    }

    /** {@code saCkptFinalize}: the engine closes every checkpoint this handle still has open. */
    @Override
    public void close() {
        closed = true;
        connection.close();
    }
}
