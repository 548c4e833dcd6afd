package io.chorus.api.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a session's answers and callbacks go: an IPC connection, or the in-container client's queue.
 * Buffers are only valid during the call. Implementations must not block the ring's event loop: they
 * queue and apply their own flow control (a client that does not read is disconnected, not waited for).
 */
public interface ClientSink {

    /** {@code response} starts with the status word, see {@link ResponseStatus}. */
    void respond(int fn, ByteBuffer response);

    void dispatch(int fn, ByteBuffer callback);

    /**
     * A callback made of {@code head} then {@code tail} (remaining bytes of each, not consumed): what a delivery is,
     * a small header before the application's bytes. A sink that writes frames copies both parts straight into its
     * output (no combined buffer first); by default the parts are joined.
     */
    default void dispatch(int fn, ByteBuffer head, ByteBuffer tail) {
        dispatch(fn, joined(head, tail));
    }

    /** A fresh little-endian buffer holding {@code head} then {@code tail} (neither consumed). */
    static ByteBuffer joined(ByteBuffer head, ByteBuffer tail) {
        ByteBuffer joined = ByteBuffer.allocate(head.remaining() + tail.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        return joined.put(head.duplicate()).put(tail.duplicate()).flip();
    }

    /** The executive closed the session (engine unloaded, node stopping). */
    void closed();
}
