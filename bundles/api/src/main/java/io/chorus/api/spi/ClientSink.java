package io.chorus.api.spi;

import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;

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
        dispatch(fn, LittleEndian.copyOf(head, tail));
    }

    /** The executive closed the session (engine unloaded, node stopping). */
    void closed();
}
