package io.chorus.ipc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.chorus.ipc.client.IpcProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * The executive's side of the byte stream: frames cut at every kind of place (inside a length, a header, a body,
 * several frames in one read) come out whole, in order, with their header fields; a frame too long fails the
 * connection before its body is buffered.
 */
public class FrameDecoderTest {

    @Test
    public void framesCutAnywhereComeOutWholeAndInOrder() {
        Random random = new Random(7);
        List<byte[]> bodies = new ArrayList<>();
        ByteBuffer stream = ByteBuffer.allocate(2 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int[] sizes = {0, 1, 15, 16, 17, 100, 4096, 65536, 70_000, 3, 0, 200_000, 8};
        for (int i = 0; i < sizes.length; i++) {
            byte[] body = new byte[sizes[i]];
            random.nextBytes(body);
            bodies.add(body);
            IpcProtocol.putHeader(stream, IpcProtocol.REQUEST, i % 2 == 0 ? IpcProtocol.FLAG_POSTED : 0, 40 + i,
                    1000 + i, body.length);
            stream.put(body);
        }
        byte[] bytes = new byte[stream.flip().remaining()];
        stream.get(bytes);
        for (int[] cuts : new int[][] {{1}, {3}, {7}, {16}, {1000}, {65536}, {17, 5, 90_000, 2}, {bytes.length}}) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());
            int at = 0;
            for (int k = 0; at < bytes.length; k++) {
                int n = Math.min(cuts[k % cuts.length], bytes.length - at);
                try {
                    channel.writeInbound(Unpooled.copiedBuffer(bytes, at, n));  // a read buffer of its own, as Netty gives
                } catch (RuntimeException e) {
                    throw new AssertionError("cut every " + java.util.Arrays.toString(cuts) + " at " + at, e);
                }
                at += n;
            }
            for (int i = 0; i < sizes.length; i++) {
                Frame f = channel.readInbound();
                String where = "cut every " + java.util.Arrays.toString(cuts) + ", frame " + i;
                assertEquals(where, IpcProtocol.REQUEST, f.type());
                assertEquals(where, i % 2 == 0, f.posted());
                assertEquals(where, 40 + i, f.fn());
                assertEquals(where, 1000 + i, f.id());
                assertEquals(where, ByteBuffer.wrap(bodies.get(i)), f.body());
                assertEquals(where, ByteOrder.LITTLE_ENDIAN, f.body().order());
            }
            assertNull("nothing more", channel.readInbound());
            assertFalse(channel.finish());
        }
    }

    @Test
    public void aFrameBeyondTheLimitFailsTheConnectionBeforeItsBodyArrives() {
        List<Throwable> caught = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(), new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
            }
        });
        ByteBuf header = Unpooled.buffer().order(ByteOrder.LITTLE_ENDIAN);
        header.writeIntLE(IpcProtocol.MAX_LENGTH_FIELD + 1).writeZero(12);
        channel.writeInbound(header);
        assertEquals(1, caught.size());
        assertTrue(caught.get(0).getMessage(), caught.get(0).getMessage().contains("exceeds the limit"));
        ByteBuf more = Unpooled.buffer(100).writeZero(100);
        channel.writeInbound(more);
        assertEquals("what follows is dropped, not buffered", 0, more.refCnt());
        assertNull(channel.readInbound());
    }
}
