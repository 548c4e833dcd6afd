package io.chorus.executive;

import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * The ring the executive runs on: one Totem ring with totempg on top, driven by a single thread (the
 * ring's event loop). The methods are named after what {@link io.chorus.totem.pg.TotemPg} and
 * {@link io.chorus.totem.TotemCore} offer, so a driver implements this by forwarding; the transport's
 * Netty node implements it in production, {@link io.chorus.executive.memory.MemoryNetwork} in tests.
 *
 * <p>Threads: {@link #execute}, {@link #schedule} and {@link #inEventLoop} may be called from any thread;
 * everything else only on the event loop. Listeners are called on the event loop.
 */
public interface ClusterRing {

    /** This node's 32-bit nodeid. */
    int localNodeId();

    /** {@code TotemPg.mcast}: one message to {@code group} in agreed order, queued whole or not at all. */
    McastResult mcast(TotemPgGroup group, ByteBuffer... iov);

    /** {@code TotemPg.canMcast}: would a message of {@code applicationBytes} to {@code group} be taken now? */
    boolean canMcast(TotemPgGroup group, int applicationBytes);

    /**
     * {@code TotemPg.join}: deliveries of {@code group} and every configuration change go to {@code listener}
     * (a listener joined to several groups gets each configuration change once).
     */
    void join(TotemPgGroup group, TotemPgListener listener);

    /** {@code TotemPg.leave}. */
    void leave(TotemPgGroup group);

    /**
     * Called once per token arrival at this node ({@code TotemOutput.tokenReceived}), <em>before</em> totempg
     * flushes its partly filled packet, so what the listener multicasts goes out with this token. The sync
     * engine runs {@code SyncParticipant.process()} from here: "once per token rotation".
     */
    void addTokenListener(Runnable listener);

    void removeTokenListener(Runnable listener);

    /** {@code TotemCore.acknowledgeTransition()}: sync is done, messages queued before the change may go. */
    void acknowledgeTransition();

    /** Runs {@code task} on the event loop after what is queued there (safe from any thread). */
    void execute(Runnable task);

    /** Runs {@code task} on the event loop after {@code delayMillis} of the ring's clock (virtual in tests). */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis);

    /** Whether the caller is on the event loop. */
    boolean inEventLoop();

    /**
     * The event loop itself, for I/O that wants to run on the ring's thread: the transport's node returns its Netty
     * event loop, on which the IPC server registers its client connections so that a request is taken, handled and
     * answered without a thread hop (as Corosync serves libqb and Totem from one main loop). By default a plain
     * executor over {@link #execute}.
     */
    default Executor executor() {
        return this::execute;
    }
}
