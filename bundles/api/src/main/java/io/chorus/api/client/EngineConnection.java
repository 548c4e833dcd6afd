package io.chorus.api.client;

import io.chorus.api.ChorusException;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;

/**
 * One client session with one engine, whichever way it is reached: in-container through the executive's
 * {@link io.chorus.api.spi.ClientGateway} ({@link GatewayConnection}), or out of process over the IPC socket
 * ({@code io.chorus.ipc.client.IpcEngineConnection}). Service client libraries ({@code CpgClient}, ...) are
 * written once against this interface, so a program behaves the same in both places.
 *
 * <p>{@link #call} is synchronous and thread-safe (one request in flight); callbacks queue until taken with
 * {@link #poll}.
 */
public interface EngineConnection extends AutoCloseable {

    /**
     * Sends request {@code fn} with {@code body} (remaining bytes, not consumed) and waits for its answer.
     *
     * @return the payload after the OK status word (little-endian)
     * @throws ChorusException the response's status when it is not OK; LIBRARY when the executive is gone;
     *                         BAD_HANDLE after {@link #close()}
     */
    ByteBuffer call(int fn, ByteBuffer body) throws ChorusException;

    /**
     * Takes the next callback, waiting up to {@code timeoutMillis} (0: do not wait; negative: until one comes
     * or the connection ends). Null when none came in time.
     *
     * @throws ChorusException LIBRARY when the connection ended and nothing is left; BAD_HANDLE after close
     */
    EngineCallback poll(long timeoutMillis) throws ChorusException;

    /**
     * Sends request {@code fn} without waiting for its answer when the connection can (out of process: a posted
     * request, at most a small window unanswered); the executive holds it instead of answering TRY_AGAIN. An error
     * answer is thrown by a later {@code post} or {@link #flush}. By default (in-container, where the answer comes
     * at once) a {@link #call} whose TRY_AGAIN is retried here, so the meaning is the same: it waits until taken.
     */
    default void post(int fn, ByteBuffer body) throws ChorusException {
        while (true) {
            try {
                call(fn, body);
                return;
            } catch (ChorusException e) {
                if (!e.isTryAgain()) {
                    throw e;
                }
                pause(1);
            }
        }
    }

    /**
     * As {@link #call}, the body being the concatenation of the {@code parts}' remaining bytes (none consumed), so a
     * client library can send its header and the caller's message as they are. By default they are copied into one
     * buffer; out of process they go in one gathering write.
     */
    default ByteBuffer callGathering(int fn, ByteBuffer... parts) throws ChorusException {
        return call(fn, LittleEndian.copyOf(parts));
    }

    /**
     * As {@link #post}, the body being the concatenation of the {@code parts}' remaining bytes (none consumed). By
     * default they are copied into one buffer; out of process they are copied once, into the socket's cork.
     */
    default void postGathering(int fn, ByteBuffer... parts) throws ChorusException {
        post(fn, LittleEndian.copyOf(parts));
    }

    /** Waits until every {@link #post}ed request was answered; throws the first error among them. */
    default void flush() throws ChorusException {
    }

    /**
     * Lets time pass before a retry (after TRY_AGAIN). A plain sleep out of process; in-container tests on a
     * virtual clock run the ring meanwhile instead.
     */
    void pause(long millis) throws ChorusException;

    /** Ends the session: the engine cleans up on the client's behalf. Idempotent. */
    @Override
    void close();
}
