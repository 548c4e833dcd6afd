package io.chorus.api.spi;

import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;

/**
 * One client connection to one engine: over the IPC socket (with the peer credentials checked at connect)
 * or in-container. Sessions are identified cluster-wide by (nodeid, id), which engines put in exec messages
 * so that the originating node can answer.
 */
public interface ClientSession {

    /** Unique on this node for the executive's lifetime. */
    long id();

    /** The client's process id, uid and gid as the kernel reported them at connect (-1 in-container). */
    int pid();

    int uid();

    int gid();

    /**
     * Answers the request {@code fn} of this session (responses go out in the order they are sent, and are
     * matched to the session's requests in that order). {@code response} starts with the status word, see
     * {@link ResponseStatus}.
     */
    void respond(int fn, ByteBuffer response);

    /** An unsolicited callback to the client (confchg, delivered message, track notification). */
    void dispatch(int fn, ByteBuffer callback);

    /**
     * A callback made of {@code head} then {@code tail} (remaining bytes of each, not consumed): what a delivery is,
     * a small header before the application's bytes. A sink that writes frames copies both parts straight into its
     * output (no combined buffer first); by default the parts are joined.
     */
    default void dispatch(int fn, ByteBuffer head, ByteBuffer tail) {
        dispatch(fn, LittleEndian.copyOf(head, tail));
    }

    /** Per-engine state attached to the session (the engine's own object). */
    <T> T attachment(Class<T> type);

    void attach(Object state);

    boolean isOpen();
}
