package io.chorus.transport.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * A token's burst of multicasts: which packets one segmented send carries, and what receivers get, over real loopback
 * sockets: the same datagrams, in the same order, as one send per packet would give them.
 */
public class MulticastBurstTest {

    // ---- runs

    @Test
    public void equalPacketsFormOneRunThatAShorterPacketEnds() {
        List<ByteBuf> burst = sized(1400, 1400, 1400, 900, 1400, 1400);
        assertEquals(4, MulticastBurst.runEnd(burst, 0, 1472));
        assertEquals(6, MulticastBurst.runEnd(burst, 4, 1472));
    }

    @Test
    public void aLongerPacketStartsANewRun() {
        List<ByteBuf> burst = sized(900, 900, 1400, 1400);
        assertEquals(2, MulticastBurst.runEnd(burst, 0, 1472));
        assertEquals(4, MulticastBurst.runEnd(burst, 2, 1472));
    }

    @Test
    public void packetsLargerThanTheSegmentLimitGoAlone() {
        List<ByteBuf> burst = sized(9000, 9000, 9000);
        assertEquals(1, MulticastBurst.runEnd(burst, 0, 1472));
        assertEquals(2, MulticastBurst.runEnd(burst, 1, 1472));
    }

    @Test
    public void aRunStopsAtTheKernelsSegmentAndDatagramLimits() {
        int[] small = new int[100];
        Arrays.fill(small, 200);
        assertEquals(MulticastBurst.MAX_SEGMENTS, MulticastBurst.runEnd(sized(small), 0, 1472));
        int[] full = new int[60];
        Arrays.fill(full, 1400);
        int end = MulticastBurst.runEnd(sized(full), 0, 1472);
        assertEquals(MulticastBurst.MAX_RUN_BYTES / 1400, end);
        assertTrue(end * 1400 <= MulticastBurst.MAX_RUN_BYTES);
    }

    @Test
    public void aBurstIsFullOnceItFillsASegmentedSendAndEmptyAgainAfterItLeft() {
        MulticastBurst burst = new MulticastBurst(0, 1472);
        int packets = 0;
        while (!burst.full()) {
            burst.add(Unpooled.wrappedBuffer(new byte[1400]));
            packets++;
        }
        assertEquals("full at the first packet that reaches a send's byte limit",
                (MulticastBurst.MAX_RUN_BYTES + 1399) / 1400, packets);
        burst.discard();
        assertTrue(burst.isEmpty());
        assertFalse(burst.full());
        for (int i = 0; i < MulticastBurst.MAX_SEGMENTS - 1; i++) {
            burst.add(Unpooled.wrappedBuffer(new byte[64]));
        }
        assertFalse("small packets: not full below the segment limit", burst.full());
        burst.add(Unpooled.wrappedBuffer(new byte[64]));
        assertTrue("full at the segment limit", burst.full());
        burst.discard();
    }

    private static List<ByteBuf> sized(int... sizes) {
        List<ByteBuf> packets = new ArrayList<>();
        for (int s : sizes) {
            packets.add(Unpooled.wrappedBuffer(new byte[s]));
        }
        return packets;
    }

    // ---- on the wire

    private EventLoopGroup loop;
    private EpollDatagramChannel sender;
    private final List<DatagramSocket> receivers = new ArrayList<>();

    /** The wire tests' sockets (the run tests above need none, and run wherever the offload does not). */
    private void openSockets() throws Exception {
        assumeTrue("no UDP segmentation offload here", SegmentationOffload.available());
        loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        sender = new EpollDatagramChannel(SocketProtocolFamily.INET);
        loop.register(sender).sync();
        sender.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync();
        for (int i = 0; i < 2; i++) {
            DatagramSocket r = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            r.setReceiveBufferSize(1 << 20);
            receivers.add(r);
        }
    }

    @After
    public void close() throws Exception {
        receivers.forEach(DatagramSocket::close);
        if (sender != null) {
            sender.close().sync();
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    public void everyReceiverGetsEachPacketAsItsOwnDatagramInOrder() throws Exception {
        openSockets();
        MulticastBurst burst = new MulticastBurst(0, 1472);
        List<byte[]> sent = numbered(1400, 1400, 1400, 1400, 1400, 700, 1400, 1400, 300, 9000, 64);
        send(burst, sent);
        for (DatagramSocket r : receivers) {
            List<byte[]> got = receive(r, sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals("datagram " + i, sent.get(i), got.get(i));
            }
        }
        assertTrue("no refusal seen (that the runs were segmented is the next test's: refused, they are lost)",
                burst.offloading());
    }

    /** {@code SO_NO_CHECK}: a socket that sends without UDP checksums, which segmentation offload refuses (EINVAL). */
    private static final IntegerUnixChannelOption SO_NO_CHECK = new IntegerUnixChannelOption("SO_NO_CHECK", 1, 11);

    @Test
    public void whenTheKernelRefusesSegmentingItSendsOneDatagramPerPacketFromThenOn() throws Exception {
        openSockets();
        sender.config().setOption(SO_NO_CHECK, 1);
        MulticastBurst burst = new MulticastBurst(0, 1472);
        List<byte[]> refused = numbered(1400, 1400, 1400, 2000);
        send(burst, refused);
        for (DatagramSocket r : receivers) {
            // the refused run (3 packets) is lost like dropped datagrams; the packet sent alone arrives
            assertArrayEquals(refused.get(3), receive(r, 1).get(0));
        }
        assertFalse(burst.offloading());
        List<byte[]> next = numbered(1400, 1400, 1400, 64);
        send(burst, next);
        for (DatagramSocket r : receivers) {
            List<byte[]> got = receive(r, next.size());
            for (int i = 0; i < next.size(); i++) {
                assertArrayEquals(next.get(i), got.get(i));
            }
        }
    }

    private void send(MulticastBurst burst, List<byte[]> packets) throws Exception {
        InetSocketAddress[] targets = receivers.stream()
                .map(r -> (InetSocketAddress) r.getLocalSocketAddress()).toArray(InetSocketAddress[]::new);
        sender.eventLoop().submit(() -> {
            for (byte[] p : packets) {
                ByteBuf direct = sender.alloc().directBuffer(p.length);
                burst.add(direct.writeBytes(p));
            }
            burst.writeTo(sender, targets);
            sender.flush();
        }).sync();
    }

    /** Packets of the given sizes, each filled with its own index so that a reordering or a mix-up shows. */
    private static List<byte[]> numbered(int... sizes) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] p = new byte[sizes[i]];
            Arrays.fill(p, (byte) (i + 1));
            p[p.length - 1] = (byte) (0x80 | i);
            packets.add(p);
        }
        return packets;
    }

    /**
     * Exactly {@code count} datagrams, then none: on loopback a datagram is in the receiver's queue when the send
     * returns, and {@link #send} returns after the flush, so the short wait for an extra one is no bet on timing.
     */
    private static List<byte[]> receive(DatagramSocket r, int count) throws Exception {
        List<byte[]> got = new ArrayList<>();
        byte[] buf = new byte[65536];
        r.setSoTimeout(5000);
        for (int i = 0; i < count; i++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            r.receive(p);
            got.add(Arrays.copyOf(p.getData(), p.getLength()));
        }
        r.setSoTimeout(20);
        try {
            r.receive(new DatagramPacket(buf, buf.length));
            fail("more than " + count + " datagrams at " + r.getLocalSocketAddress());
        } catch (SocketTimeoutException expected) {
            // none more
        }
        return got;
    }
}
