package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.chorus.api.client.EngineCallback;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;

/**
 * The client's {@link Drainer}: it reads for a program that pauses, so the executive does not disconnect it, but
 * queues no more than {@link Drainer#MAX_QUEUED_CALLBACK_BYTES} for it.
 */
public class DrainerTest {

    /** Not a divisor of the bound: a drainer that reads whole frames past it would show. */
    private static final int SIZE = 50_000;
    private static final long BOUND = Drainer.MAX_QUEUED_CALLBACK_BYTES;
    /**
     * The bound and 4.5 MiB: more than the drainer takes, so the executive keeps some unread, less than that and the
     * executive's own bound (8 MiB) together, so nobody is disconnected.
     */
    private static final int COUNT = (int) ((BOUND + (9L << 19)) / SIZE);
    /** Callbacks the program dispatches in the middle, making room the drainer fills again. */
    private static final int FIRST = 40;

    @Rule
    public EchoServerRule echo = new EchoServerRule();

    @Test
    public void aPausedProgramHoldsAtMostTheBoundIsNotDisconnectedAndGetsEverythingInOrder() throws Exception {
        long disconnectsBefore = TestLog.count("does not read");
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            c.call(EchoGateway.STREAM, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0, COUNT)
                    .putInt(4, SIZE));
            // The program dispatches nothing until the executive has sent all of it.
            assertEquals(Integer.valueOf(COUNT), echo.gateway().streamsDone.poll(30, TimeUnit.SECONDS));
            assertHeldAtTheBound(c, 0);
            // The program dispatches a few (from the queue, reading nothing itself): the drainer fills it again.
            long heldBack = c.drainsHeldBack();
            for (int i = 0; i < FIRST; i++) {
                assertCallback(c, i);
            }
            assertHeldAtTheBound(c, heldBack);
            for (int i = FIRST; i < COUNT; i++) {
                assertCallback(c, i);
            }
            assertEquals(0, c.queuedBytes());
            assertTrue(c.isConnected());
            assertEquals("nobody was disconnected", disconnectsBefore, TestLog.count("does not read"));
        }
    }

    /**
     * Waits until the drainer filled the queue (all but the frame it is part way through) and then held back, or until
     * the queue passed the bound; then checks the bound. Polled: the handle has no notification for this.
     */
    private static void assertHeldAtTheBound(ChorusConnection c, long heldBackBefore) throws InterruptedException {
        long full = BOUND - (IpcProtocol.HEADER_SIZE + SIZE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(c.drainsHeldBack() > heldBackBefore && c.queuedBytes() > full) && c.queuedBytes() <= BOUND
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long queued = c.queuedBytes();
        assertTrue("at most the bound queued: " + queued, queued <= BOUND);
        assertTrue("the drainer filled the queue: " + queued, queued > full);
        assertTrue("the drainer held back", c.drainsHeldBack() > heldBackBefore);
    }

    private static void assertCallback(ChorusConnection c, int seq) throws Exception {
        EngineCallback cb = c.poll(Duration.ofSeconds(10));
        assertNotNull("callback " + seq, cb);
        assertEquals(seq, cb.body().getInt(0));
    }
}
