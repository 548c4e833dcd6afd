package io.chorus.executive.internal;

import static org.junit.Assert.assertEquals;

import io.chorus.executive.ClusterRing;
import io.chorus.executive.ForwardingClusterRing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/**
 * What waits for room is retried on the loop once each token has left, never while the token waits in a listener,
 * once per token however many come before the loop gets to it, and only while something waits.
 */
public class RetryAfterTokenTest {

    /** A ring whose tokens and loop the test turns by hand. */
    private static final class HandRing extends ForwardingClusterRing {
        final List<Runnable> tokenListeners = new ArrayList<>();
        final ArrayDeque<Runnable> loop = new ArrayDeque<>();

        @Override
        protected ClusterRing delegate() {
            throw new UnsupportedOperationException("not used by RetryAfterToken");
        }

        @Override
        public void addTokenListener(Runnable listener) {
            tokenListeners.add(listener);
        }

        @Override
        public void removeTokenListener(Runnable listener) {
            tokenListeners.remove(listener);
        }

        @Override
        public void execute(Runnable task) {
            loop.add(task);
        }

        void token() {
            List.copyOf(tokenListeners).forEach(Runnable::run);
        }

        void runLoop() {
            Runnable task;
            while ((task = loop.poll()) != null) {
                task.run();
            }
        }
    }

    private final HandRing ring = new HandRing();
    private int waiting;
    private int retries;
    /** Each retry takes one of what waits, as a ring with room for one more would. */
    private final RetryAfterToken retry = new RetryAfterToken(ring, () -> waiting > 0, () -> {
        retries++;
        waiting--;
    });

    @Test
    public void theRetryRunsOnTheLoopAfterTheTokenNotInsideIt() {
        waiting = 2;
        retry.arm();
        ring.token();
        assertEquals("nothing is tried while the token waits", 0, retries);
        ring.runLoop();
        assertEquals(1, retries);
    }

    @Test
    public void tokensThatComeBeforeTheLoopGetsToTheRetryQueueItOnce() {
        waiting = 5;
        retry.arm();
        ring.token();
        ring.token();
        ring.runLoop();
        assertEquals(1, retries);
    }

    @Test
    public void itStopsListeningOnceNothingWaitsAndListensAgainWhenArmed() {
        waiting = 1;
        retry.arm();
        retry.arm();
        assertEquals("armed twice, listening once", 1, ring.tokenListeners.size());
        ring.token();
        ring.runLoop();
        assertEquals(0, waiting);
        assertEquals(List.of(), ring.tokenListeners);

        waiting = 1;
        retry.arm();
        ring.token();
        ring.runLoop();
        assertEquals(2, retries);
        assertEquals(List.of(), ring.tokenListeners);
    }

    @Test
    public void whatWasDroppedMeanwhileIsNotRetried() {
        waiting = 1;
        retry.arm();
        ring.token();
        waiting = 0;  // its owner dropped it (a closed session, an unloaded engine) after the token came
        ring.runLoop();
        assertEquals(0, retries);
        assertEquals(List.of(), ring.tokenListeners);
    }
}
