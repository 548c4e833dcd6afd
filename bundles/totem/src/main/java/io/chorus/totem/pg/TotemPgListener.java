package io.chorus.totem.pg;

import io.chorus.totem.ConfigurationChange;
import java.nio.ByteBuffer;

/**
 * A subscriber of one or more totempg groups (the executive for {@code "a"}, the sync engine for
 * {@code "sync"}). Called on the ring's thread, in agreed order.
 */
public interface TotemPgListener {

    /**
     * One message of {@code group}, in agreed order, with the group header already stripped.
     *
     * <p>The message is the bytes from {@code message.position()} to {@code message.limit()}, little-endian.
     * To keep delivery free of allocation the buffer is a window onto the received packet or onto the
     * sender's reassembly buffer, so: <b>read relative to {@code position()}</b> (not from index 0), do not
     * write into it, and copy what must outlive the call.
     */
    void deliver(int senderNodeId, TotemPgGroup group, ByteBuffer message);

    /** A configuration change, passed through in order with the messages (each listener gets it once). */
    default void configurationChange(ConfigurationChange change) {
    }
}
