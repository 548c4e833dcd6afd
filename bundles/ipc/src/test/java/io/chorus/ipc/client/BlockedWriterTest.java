package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * A streaming sender that never dispatches, whose messages come back at a ring's pace while it keeps posting (25 MB,
 * more than the executive keeps unread for it): its own waits (a full window, a write held by the executive's
 * backpressure, which also wakes on arriving frames) read what arrives, so it stays connected and gets every
 * callback in order.
 */
public class BlockedWriterTest {

    /** 25 MB of posts whose bodies come back at 60 MB/s: more than both 8 MiB bounds, long after reading stops. */
    private static final int POSTS = 400;
    private static final int SIZE = 60_000;

    @Rule
    public EchoServerRule echo = new EchoServerRule();

    @Test
    public void aSenderWaitingToWriteReadsWhatArrivesAndStaysConnected() throws Exception {
        List<Integer> seen = new ArrayList<>();
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo",
                (fn, body) -> seen.add(body.order(ByteOrder.LITTLE_ENDIAN).getInt(0)))) {
            ByteBuffer body = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < POSTS; i++) {
                body.putInt(0, i);
                c.post(EchoGateway.PACED_ECHO, body);  // never dispatches: only its own waits read
            }
            c.flush();
            while (seen.size() < POSTS) {
                c.dispatch(java.time.Duration.ofSeconds(10));
            }
        }
        for (int i = 0; i < POSTS; i++) {
            assertEquals("callback " + i, i, (int) seen.get(i));
        }
    }
}
