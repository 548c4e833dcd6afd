package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import io.chorus.api.client.EngineCallback;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import org.junit.Rule;
import org.junit.Test;

/**
 * A client receives frames in the order the executive sent them, whichever thread sent each. The engine is served on
 * the connection's own event loop (as in a node), where answers are batched per loop run: frames sent meanwhile from
 * another thread must take their place in that batch, not be overtaken by it.
 */
public class FrameOrderTest {

    @Rule
    public EchoServerRule echo = new EchoServerRule(true);

    @Test
    public void callbacksSentAlternatelyFromTheLoopAndAnotherThreadArriveInOrder() throws Exception {
        int count = 64;
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            c.call(EchoGateway.ALTERNATE, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, count));
            for (int i = 0; i < count; i++) {
                EngineCallback cb = c.poll(Duration.ofSeconds(10));
                assertNotNull("callback " + i, cb);
                assertEquals("callback " + i + " (odd ones were sent from another thread)", i, cb.body().getInt(0));
            }
        }
    }
}
