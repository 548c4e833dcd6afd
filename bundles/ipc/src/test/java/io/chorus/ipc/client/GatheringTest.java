package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * A request given in parts (a client library's header and the caller's message) reaches the executive as one body,
 * the parts in order, whether it is corked or too large for the cork; the caller's buffers are left as they were.
 */
public class GatheringTest {

    @Rule
    public EchoServerRule echo = new EchoServerRule();

    @Test
    public void aCallInPartsIsAnsweredAsOneBody() throws Exception {
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            ByteBuffer head = text("head:");
            ByteBuffer empty = ByteBuffer.allocate(0);
            ByteBuffer message = ByteBuffer.allocateDirect(5).put(bytes("hello")).flip();
            ByteBuffer answer = c.callGathering(EchoGateway.ECHO, head, empty, message);
            assertEquals("head:hello", IpcProtocol.text(answer));
            assertEquals("the parts are not consumed", 5, head.remaining());
            assertEquals(5, message.remaining());
        }
    }

    @Test
    public void postsInPartsArriveWholeCorkedOrNot() throws Exception {
        String large = "x".repeat(ChorusConnection.CORK_BYTES + 1000);  // larger than the cork: written as it is
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            for (int i = 0; i < 20; i++) {
                c.postGathering(EchoGateway.ECHO, text("m" + i + ":"), text("part"), ByteBuffer.allocate(0));
            }
            ByteBuffer largePart = text(large);
            c.postGathering(EchoGateway.ECHO, text("big:"), largePart);
            c.postGathering(EchoGateway.ECHO, text("last"));
            c.flush();
            List<String> got = echo.gateway().postedEchoes;
            assertEquals(22, got.size());
            for (int i = 0; i < 20; i++) {
                assertEquals("m" + i + ":part", got.get(i));
            }
            assertEquals("big:" + large, got.get(20));
            assertEquals("last", got.get(21));
            assertEquals("the caller's buffer is not consumed", large.length(), largePart.remaining());
        }
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
