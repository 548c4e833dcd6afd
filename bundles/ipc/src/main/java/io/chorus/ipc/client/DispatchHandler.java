package io.chorus.ipc.client;

import io.chorus.api.ChorusException;
import java.nio.ByteBuffer;

/** Receives an engine's callbacks (the SA Forum callbacks structure given at initialize). */
@FunctionalInterface
public interface DispatchHandler {

    /** One callback of the engine; {@code body} is little-endian and belongs to the handler. */
    void callback(int fn, ByteBuffer body);

    /**
     * The dispatch thread ({@link ChorusConnection#startDispatchThread()}) stops because the connection broke:
     * {@code cause} is {@code LIBRARY} when the executive went away. Not called after {@code close()}.
     */
    default void disconnected(ChorusException cause) {
    }
}
