package io.chorus.api.spi;

import io.chorus.api.RingView;
import java.nio.ByteBuffer;

/**
 * A service engine. Its state is replicated the only way Chorus replicates anything: every cluster-visible
 * change is an exec message multicast in agreed order and applied by {@link #deliver} on every node in the
 * same order; after a membership change {@link #sync()} brings new members up to date.
 *
 * <p>The usual request path (services.md §1.1): a client request reaches {@link #request} on the node the
 * client is connected to; the engine multicasts an exec message naming the client's session; every node
 * applies it in {@link #deliver}; the originating node answers the session.
 */
public interface ServiceEngine {

    EngineInfo info();

    /** The engine is loaded; {@code context} stays valid until {@link #stop()}. */
    void start(EngineContext context);

    /** The engine is unloaded (feature removed, stanza deleted, node stopping): release everything. */
    void stop();

    /**
     * An exec message of this engine, in agreed order. {@code body} excludes the 16-byte exec header and is
     * valid only during the call; {@code senderNodeId} is the node that multicast it.
     */
    void deliver(int fn, int senderNodeId, ByteBuffer body);

    /** Every transitional and regular configuration, in order with {@link #deliver}. */
    default void configurationChange(RingView view) {
    }

    /** State transfer after a regular configuration, or null when the engine keeps no shared state. */
    default SyncParticipant sync() {
        return null;
    }

    /** A client connected to this engine (IPC or in-container). */
    default void sessionOpened(ClientSession session) {
    }

    /** A client disconnected or died: clean up on its behalf (close its checkpoints, leave its groups). */
    default void sessionClosed(ClientSession session) {
    }

    /** A library request from a client of this node; answer through the session, now or later. */
    void request(ClientSession session, int fn, ByteBuffer body);

    /**
     * Whether the engine serves clients and multicasts in a partition that is not quorate (Corosync's
     * {@code allow_inquorate}). Corosync's own services (cmap, cfg, cpg, quorum, votequorum) do; add-on
     * services (CLM, CKPT, EVT, AMF, ...) should not, so they get TRY_AGAIN until quorum returns.
     */
    default boolean allowInquorate() {
        return false;
    }

    /** Whether {@code fn} multicasts (and so is refused with TRY_AGAIN during sync or when the queue is full). */
    default boolean requiresFlowControl(int fn) {
        return true;
    }
}
