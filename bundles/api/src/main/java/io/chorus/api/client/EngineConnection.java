package io.chorus.api.client;

import io.chorus.api.ChorusException;
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
     * Lets time pass before a retry (after TRY_AGAIN). A plain sleep out of process; in-container tests on a
     * virtual clock run the ring meanwhile instead.
     */
    void pause(long millis) throws ChorusException;

    /** Ends the session: the engine cleans up on the client's behalf. Idempotent. */
    @Override
    void close();
}
