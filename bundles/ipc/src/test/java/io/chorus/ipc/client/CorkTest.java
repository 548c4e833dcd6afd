package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/**
 * Posted requests are corked by Nagle's rule: while the executive has not answered what was written, a stream's
 * next posts wait in the cork even across non-blocking dispatches and polls, and leave together once the answers
 * are in; whatever may wait writes the cork first.
 */
public class CorkTest {

    @Rule
    public EchoServerRule echo = new EchoServerRule();

    @Test
    public void aStreamIsCorkedWhileTheExecutiveWorksAndLeavesWhenItHasAnswered() throws Exception {
        streamStaysCorkedAcross(c -> c.dispatch(DispatchMode.ALL));
    }

    /** The path every client handle's {@code dispatch(ALL)} takes: CallbackLoop polls with a zero timeout. */
    @Test
    public void nonBlockingPollsKeepAStreamCorkedToo() throws Exception {
        streamStaysCorkedAcross(c -> c.poll(Duration.ZERO));
    }

    @Test
    public void aPollThatMayWaitWritesTheCorkFirst() throws Exception {
        corkIsWrittenBefore(c -> assertNull(c.poll(Duration.ofMillis(1))));
    }

    @Test
    public void aBlockingDispatchWritesTheCorkFirst() throws Exception {
        corkIsWrittenBefore(c -> c.dispatch(Duration.ofMillis(1)));
    }

    /** What the program does between two posts, or before it waits. */
    private interface Call {
        void on(ChorusConnection c) throws Exception;
    }

    /**
     * Request 0 leaves at once (an idle pipe) and is held unanswered; nine posts with {@code between} after each stay
     * corked; once 0 is answered, {@code between} finds the pipe idle and they leave together, in order.
     */
    private void streamStaysCorkedAcross(Call between) throws Exception {
        try (ChorusConnection c = corkedConnection()) {
            c.post(EchoGateway.HELD, text("0"));
            assertEquals("a post into an idle pipe leaves at once", "0",
                    echo.gateway().held.poll(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 9; i++) {
                c.post(EchoGateway.HELD, text(Integer.toString(i)));
                between.on(c);
            }
            assertEquals("while request 0 is unanswered the stream stays corked", 9, c.corkedFrames());
            echo.gateway().releaseHeld();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (c.corkedFrames() > 0 && System.nanoTime() < deadline) {
                between.on(c);  // reads the answer to 0: nothing written is unanswered any more
            }
            assertEquals("the cork left once everything written was answered", 0, c.corkedFrames());
            for (int i = 1; i <= 9; i++) {
                assertEquals(Integer.toString(i), echo.gateway().held.poll(10, TimeUnit.SECONDS));
            }
            echo.gateway().releaseHeld();
            c.flush();
            assertNull(echo.gateway().held.poll());
        }
    }

    /** With request 0 unanswered and 1 corked, {@code waiting} writes 1 before it waits (it may wait for 1's effect). */
    private void corkIsWrittenBefore(Call waiting) throws Exception {
        try (ChorusConnection c = corkedConnection()) {
            c.post(EchoGateway.HELD, text("0"));
            c.post(EchoGateway.HELD, text("1"));
            assertEquals(1, c.corkedFrames());
            waiting.on(c);
            assertEquals(0, c.corkedFrames());
            assertEquals("0", echo.gateway().held.poll(10, TimeUnit.SECONDS));
            assertEquals("1", echo.gateway().held.poll(10, TimeUnit.SECONDS));
            echo.gateway().releaseHeld();
            c.flush();
        }
    }

    /** A connection the drainer leaves alone: it writes a cork it finds at any visit, which would race these checks. */
    private ChorusConnection corkedConnection() throws Exception {
        ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo", (fn, body) -> { });
        Drainer.remove(c);
        return c;
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
