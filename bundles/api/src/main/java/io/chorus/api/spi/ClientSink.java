package io.chorus.api.spi;

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

    /** The executive closed the session (engine unloaded, node stopping). */
    void closed();
}
