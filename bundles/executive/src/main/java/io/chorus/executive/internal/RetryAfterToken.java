package io.chorus.executive.internal;

import io.chorus.executive.ClusterRing;

import java.util.function.BooleanSupplier;

/**
 * What the ring refused for now (its send queue was full) is tried again once each token has left: on the loop,
 * behind the token's handling. The room it waits for is what that token's multicasts freed, and trying while the
 * token waited kept the token from moving on (a saturated 8-KiB stream's profile: 9% of the sender's loop, all of it
 * on the ring's critical path). What is retried goes out a rotation later, while the queue still holds what the next
 * visits send. Listens to the ring only while something waits; on the loop only.
 */
final class RetryAfterToken {

    private final ClusterRing ring;
    private final BooleanSupplier waiting;
    private final Runnable retry;
    private final Runnable onToken = this::onToken;
    private final Runnable run = this::run;
    private boolean listening;
    private boolean queued;

    /** {@code retry} tries what waits, in order, as far as the ring takes it; {@code waiting}: whether any is left. */
    RetryAfterToken(ClusterRing ring, BooleanSupplier waiting, Runnable retry) {
        this.ring = ring;
        this.waiting = waiting;
        this.retry = retry;
    }

    /** Something was refused: retry after each token from now on, until nothing waits. */
    void arm() {
        if (!listening) {
            listening = true;
            ring.addTokenListener(onToken);
        }
    }

    /** Nothing waits any more (its owner dropped it): stop listening. */
    void disarm() {
        if (listening) {
            listening = false;
            ring.removeTokenListener(onToken);
        }
    }

    private void onToken() {
        if (!waiting.getAsBoolean()) {
            disarm();
        } else if (!queued) {
            queued = true;
            ring.execute(run);
        }
    }

    private void run() {
        queued = false;
        if (waiting.getAsBoolean()) {
            retry.run();
        }
        if (!waiting.getAsBoolean()) {
            disarm();
        }
    }
}
