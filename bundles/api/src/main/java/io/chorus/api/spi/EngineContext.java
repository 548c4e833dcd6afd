package io.chorus.api.spi;

import io.chorus.api.RingView;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/** What the executive offers a running engine. Methods are called on the ring's event loop unless noted. */
public interface EngineContext {

    int localNodeId();

    /** The latest configuration (regular, unless a transitional one is being delivered). */
    RingView currentView();

    /**
     * Multicasts an exec message {@code (engine id << 16) | fn} with {@code body} in agreed order, to every
     * node including this one. Admission control applies (see {@link Admission}).
     */
    Admission multicast(int fn, ByteBuffer... body);

    /**
     * Multicasts like {@link #multicast}, for a message nobody waits for but which must go out (a departed
     * client's PROCDOWN, a checkpoint's expiry, an agreed shutdown): when the ring refuses it for now (sync running,
     * queue full) the executive keeps a copy and sends it at a later token. Such messages leave in the order this
     * engine gave them, each after the ones kept before it; the kept ones are dropped when the engine is unloaded.
     *
     * @throws IllegalArgumentException if the message can never be sent ({@link Admission#TOO_BIG})
     */
    void multicastWhenAdmitted(int fn, ByteBuffer... body);

    /** Whether sync is running (requests that multicast get TRY_AGAIN meanwhile). */
    boolean syncInProgress();

    /** Runs {@code task} on the ring's event loop, after what is queued there (safe from any thread). */
    void execute(Runnable task);

    /** Runs {@code task} on the event loop after {@code delayMillis} (retention timers, healthchecks). */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis);

    /** For blocking work (resource agents, files); results come back with {@link #execute(Runnable)}. */
    Executor blockingExecutor();

    /** The keys of this engine's {@code service { }} stanza (and their Config Admin edits), as strings. */
    Map<String, String> stanza();

    /** Publishes a value in the cmap-like runtime database under {@code runtime.services.<engine>.<key>}. */
    void publishStatistic(String key, long value);
}
