package io.chorus.api.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/** Each {@link DispatchFlag}'s meaning in {@link CallbackLoop}, over a scripted connection. */
public class CallbackLoopTest {

    private static final int KNOWN = 1;
    private static final int UNKNOWN = 99;

    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final FakeConnection connection = new FakeConnection();
    /** The functions the handler was given, in order (counted or not). */
    private final List<Integer> seen = new ArrayList<>();
    private volatile boolean closed;
    private final CallbackLoop loop = new CallbackLoop(connection, () -> closed, cb -> {
        synchronized (seen) {
            seen.add(cb.fn());
        }
        return cb.fn() == KNOWN;
    });

    @After
    public void stop() {
        connection.close();
        thread.shutdownNow();
    }

    /**
     * A connection whose callbacks the test queues. A waiting poll on an empty queue counts {@link #waiting} down
     * and waits until something is queued or the connection closes (BAD_HANDLE, as a closed handle answers);
     * unless {@link #mayWait} is off: then it fails at once, so a dispatch that should not wait cannot hang.
     */
    private static final class FakeConnection implements EngineConnection {
        private final ArrayDeque<EngineCallback> queue = new ArrayDeque<>();
        private final List<Long> timeouts = new ArrayList<>();
        final CountDownLatch waiting = new CountDownLatch(1);
        volatile boolean mayWait = true;
        private ChorusException failure;
        private boolean closed;

        synchronized void queue(int... fns) {
            for (int fn : fns) {
                queue.add(new EngineCallback(fn, ByteBuffer.allocate(0)));
            }
            notifyAll();
        }

        /** The next poll throws {@code e}. */
        synchronized void failWith(ChorusException e) {
            failure = e;
            notifyAll();
        }

        synchronized int left() {
            return queue.size();
        }

        synchronized List<Long> timeouts() {
            return List.copyOf(timeouts);
        }

        @Override
        public synchronized EngineCallback poll(long timeoutMillis) throws ChorusException {
            timeouts.add(timeoutMillis);
            if (timeoutMillis > 0) {
                throw new AssertionError("the loop polls with 0 or -1 only, not " + timeoutMillis);
            }
            while (true) {
                if (closed) {
                    throw new ChorusException(ChorusError.BAD_HANDLE, "handle closed");
                }
                if (failure != null) {
                    ChorusException e = failure;
                    failure = null;
                    throw e;
                }
                EngineCallback cb = queue.poll();
                if (cb != null || timeoutMillis == 0) {
                    return cb;
                }
                if (!mayWait) {
                    throw new AssertionError("the dispatch waited for a callback");
                }
                waiting.countDown();
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChorusException(ChorusError.INTERRUPT);
                }
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            notifyAll();
        }

        @Override
        public ByteBuffer call(int fn, ByteBuffer body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pause(long millis) {
            throw new UnsupportedOperationException();
        }
    }

    private List<Integer> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Waits (bounded, so a broken loop fails the test instead of hanging it) until the dispatch polls and waits. */
    private void awaitWaitingPoll() throws InterruptedException {
        assertTrue("the dispatch never waited in poll", connection.waiting.await(10, TimeUnit.SECONDS));
    }

    private static <T> T result(Future<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    public void oneWaitsForTheFirstCallbackThenHandlesExactlyOne() throws Exception {
        Future<Integer> n = thread.submit(() -> loop.dispatch(DispatchFlag.ONE));
        awaitWaitingPoll();
        assertTrue("nothing was queued: ONE must still be waiting", seen().isEmpty());
        assertFalse(n.isDone());
        connection.queue(KNOWN, KNOWN, KNOWN);
        assertEquals(1, (int) result(n));
        assertEquals(List.of(KNOWN), seen());
        assertEquals(2, connection.left());
    }

    @Test
    public void oneHandlesOneOfThreeQueuedWithoutWaiting() throws Exception {
        connection.mayWait = false;
        connection.queue(KNOWN, KNOWN, KNOWN);
        assertEquals(1, loop.dispatch(DispatchFlag.ONE));
        assertEquals(2, connection.left());
        assertEquals(1, connection.timeouts().size());
    }

    @Test
    public void oneSkipsUnknownCallbacksAndWaitsForAKnownOne() throws Exception {
        connection.queue(UNKNOWN);
        Future<Integer> n = thread.submit(() -> loop.dispatch(DispatchFlag.ONE));
        awaitWaitingPoll();
        assertEquals("the unknown callback was consumed", List.of(UNKNOWN), seen());
        assertFalse("an unknown callback does not end ONE", n.isDone());
        connection.queue(KNOWN, KNOWN);
        assertEquals(1, (int) result(n));
        assertEquals(List.of(UNKNOWN, KNOWN), seen());
        assertEquals(1, connection.left());
    }

    @Test
    public void oneNonblockingReturnsZeroOnEmptyWithoutWaiting() throws Exception {
        connection.mayWait = false;
        assertEquals(0, loop.dispatch(DispatchFlag.ONE_NONBLOCKING));
        assertEquals(List.of(0L), connection.timeouts());
    }

    @Test
    public void oneNonblockingHandlesOneOfThree() throws Exception {
        connection.mayWait = false;
        connection.queue(KNOWN, KNOWN, KNOWN);
        assertEquals(1, loop.dispatch(DispatchFlag.ONE_NONBLOCKING));
        assertEquals(2, connection.left());
        assertEquals(List.of(0L), connection.timeouts());
    }

    @Test
    public void oneNonblockingSkipsUnknownToTheNextKnownButStopsWhenNoneIsLeft() throws Exception {
        connection.mayWait = false;
        connection.queue(UNKNOWN, KNOWN, KNOWN);
        assertEquals(1, loop.dispatch(DispatchFlag.ONE_NONBLOCKING));
        assertEquals(List.of(UNKNOWN, KNOWN), seen());
        assertEquals(1, connection.left());
        connection.queue(UNKNOWN);
        assertEquals(1, loop.dispatch(DispatchFlag.ONE_NONBLOCKING)); // the KNOWN still queued
        assertEquals(0, loop.dispatch(DispatchFlag.ONE_NONBLOCKING)); // only the UNKNOWN: not counted
        assertEquals(0, connection.left());
        assertTrue(connection.timeouts().stream().allMatch(t -> t == 0));
    }

    @Test
    public void allHandlesEveryQueuedCallbackAndNeverWaits() throws Exception {
        connection.mayWait = false;
        connection.queue(KNOWN, KNOWN, KNOWN);
        assertEquals(3, loop.dispatch(DispatchFlag.ALL));
        assertEquals(0, connection.left());
        assertEquals(List.of(KNOWN, KNOWN, KNOWN), seen());
        assertEquals(List.of(0L, 0L, 0L, 0L), connection.timeouts());
        assertEquals(0, loop.dispatch(DispatchFlag.ALL));
    }

    @Test
    public void unknownCallbacksAreConsumedButNotCounted() throws Exception {
        connection.mayWait = false;
        connection.queue(UNKNOWN, KNOWN, UNKNOWN, KNOWN, UNKNOWN);
        assertEquals(2, loop.dispatch(DispatchFlag.ALL));
        assertEquals(List.of(UNKNOWN, KNOWN, UNKNOWN, KNOWN, UNKNOWN), seen());
        assertEquals(0, connection.left());
    }

    @Test
    public void blockingHandlesCallbacksUntilClosedFromAnotherThreadThenReturnsQuietly() throws Exception {
        connection.queue(KNOWN, UNKNOWN, KNOWN);
        Future<Integer> n = thread.submit(() -> loop.dispatch(DispatchFlag.BLOCKING));
        awaitWaitingPoll(); // all three taken, now waiting for more
        assertEquals(List.of(KNOWN, UNKNOWN, KNOWN), seen());
        assertFalse(n.isDone());
        closed = true; // as the clients' close(): the flag first, then the connection
        connection.close();
        assertEquals(2, (int) result(n));
    }

    @Test
    public void blockingClosedBeforeAnythingCameReturnsZero() throws Exception {
        Future<Integer> n = thread.submit(() -> loop.dispatch(DispatchFlag.BLOCKING));
        awaitWaitingPoll();
        closed = true;
        connection.close();
        assertEquals(0, (int) result(n));
    }

    @Test
    public void anErrorWhileNotClosedIsThrownEvenUnderBlocking() throws Exception {
        ChorusException gone = new ChorusException(ChorusError.LIBRARY, "the executive went away");
        connection.queue(KNOWN);
        Future<Integer> n = thread.submit(() -> loop.dispatch(DispatchFlag.BLOCKING));
        awaitWaitingPoll();
        connection.failWith(gone);
        try {
            result(n);
            fail("the error was swallowed");
        } catch (java.util.concurrent.ExecutionException e) {
            assertSame(gone, e.getCause());
        }
        assertEquals(List.of(KNOWN), seen());
    }

    @Test
    public void anErrorWhileNotClosedIsThrownAfterCallbacksToo() throws Exception {
        connection.mayWait = false;
        connection.queue(KNOWN);
        ChorusException gone = new ChorusException(ChorusError.LIBRARY, "the executive went away");
        CallbackLoop failing = new CallbackLoop(connection, () -> closed, cb -> {
            connection.failWith(gone);
            return true;
        });
        try {
            failing.dispatch(DispatchFlag.ALL);
            fail("the error was swallowed");
        } catch (ChorusException e) {
            assertSame(gone, e);
        }
    }

    @Test
    public void aClosedHandleAnswersBadHandleWhenNothingWasHandled() throws Exception {
        closed = true;
        connection.close();
        for (DispatchFlag flag : List.of(DispatchFlag.ONE, DispatchFlag.ONE_NONBLOCKING, DispatchFlag.ALL)) {
            try {
                loop.dispatch(flag);
                fail(flag + " on a closed handle");
            } catch (ChorusException e) {
                assertEquals(ChorusError.BAD_HANDLE, e.error());
            }
        }
    }

    @Test
    public void aCallbackThatClosesItsHandleEndsAllQuietlyWithItsCount() throws Exception {
        connection.mayWait = false;
        connection.queue(KNOWN, KNOWN, KNOWN);
        CallbackLoop closing = new CallbackLoop(connection, () -> closed, cb -> {
            closed = true;
            connection.close();
            return true;
        });
        assertEquals(1, closing.dispatch(DispatchFlag.ALL));
    }

    @Test
    public void aHandlerErrorIsThrown() throws Exception {
        connection.mayWait = false;
        connection.queue(KNOWN, KNOWN);
        ChorusException malformed = new ChorusException(ChorusError.MESSAGE_ERROR, "short callback");
        CallbackLoop failing = new CallbackLoop(connection, () -> closed, cb -> {
            throw malformed;
        });
        try {
            failing.dispatch(DispatchFlag.ALL);
            fail("the handler's error was swallowed");
        } catch (ChorusException e) {
            assertSame(malformed, e);
        }
        assertEquals(1, connection.left());
    }
}
