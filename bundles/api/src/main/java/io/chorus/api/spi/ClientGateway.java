package io.chorus.api.spi;

import io.chorus.api.ChorusException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * The executive's door for clients, registered as an OSGi service: the IPC server (out-of-process clients)
 * and the in-container API open sessions with engines through it, so both paths reach the same engine
 * code. Calls may come from any thread; the executive hops onto the ring's event loop.
 */
public interface ClientGateway {

    /**
     * Opens a session of an already authenticated client with the engine {@code engine} (its name or an
     * alias). Fails with NOT_EXIST when no such engine is loaded.
     */
    ClientSession open(String engine, ClientCredentials credentials, ClientSink sink) throws ChorusException;

    /**
     * A request of the session; the answer and any callbacks come back through the session's sink. The gateway owns
     * {@code body} from here on (it may keep it until the request is handled on the ring's thread): callers hand over
     * a buffer they no longer touch, as the IPC server's frame decoder does with each frame's fresh copy.
     */
    void request(ClientSession session, int fn, ByteBuffer body);

    /**
     * A request whose client does not wait for the answer (it streams, e.g. CPG messages): never answered
     * TRY_AGAIN. When admission control or the engine would refuse it for now, the gateway holds it, and every
     * later request of the session so that their order stays, and retries after each token until it is taken. The
     * gateway owns {@code body}, as with {@link #request}.
     * Other answers (OK, an error) go to the sink as for {@link #request}, in order. Meant for requests the
     * engine answers at once (CPG's MCAST and PARTIAL_MCAST): a TRY_AGAIN the session hears while one is tried is
     * taken as that request's. By default: a request.
     */
    default void post(ClientSession session, int fn, ByteBuffer body) {
        request(session, fn, body);
    }

    /** The client finalized, disconnected or died: the engine cleans up on its behalf. */
    void close(ClientSession session);

    /**
     * The thread sessions live on, or null when the gateway does not say. A client transport built on the same
     * I/O library as that thread (the ring's Netty event loop) may serve its connections there, so that
     * {@link #request} runs at once and the answer is written without a thread hop; any other caller just gets
     * its calls hopped there.
     */
    default Executor executor() {
        return null;
    }
}
