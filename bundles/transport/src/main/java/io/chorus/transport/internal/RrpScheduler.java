package io.chorus.transport.internal;

/** The clock the redundant-ring monitor needs; the ring's event loop in production, a fake in unit tests. */
public interface RrpScheduler {

    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Runnable task, long delayMillis);
}
