package io.chorus.totem.pg;

import static io.chorus.totem.pg.PgTestSupport.MAX_PAYLOAD;
import static io.chorus.totem.pg.PgTestSupport.groupA;
import static io.chorus.totem.pg.PgTestSupport.hex;
import static io.chorus.totem.pg.PgTestSupport.packet;
import static io.chorus.totem.pg.PgTestSupport.pattern;
import static io.chorus.totem.pg.PgTestSupport.slice;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chorus.totem.pg.PgTestSupport.FakeSink;
import io.chorus.totem.pg.PgTestSupport.Received;
import io.chorus.totem.pg.PgTestSupport.Recorder;
import io.chorus.totem.pg.TotemPgCounters.Counter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class TotemPgAssemblerTest {

    private final TotemPgCounters counters = new TotemPgCounters();
    private final TotemPgGroups groups = new TotemPgGroups(counters);
    private final TotemPgAssembler assembler = new TotemPgAssembler(groups, counters);
    private final Recorder a = new Recorder();
    private final Recorder sync = new Recorder();

    {
        groups.join(TotemPgGroup.A, a);
        groups.join(TotemPgGroup.SYNC, sync);
    }

    private void deliver(int sender, byte[] packet) {
        assembler.deliver(sender, ByteBuffer.wrap(packet));
    }

    private static FakeSink sendAll(TotemPgGroup group, byte[]... messages) {
        FakeSink sink = new FakeSink();
        TotemPgPacker packer = new TotemPgPacker(MAX_PAYLOAD, sink, new TotemPgCounters());
        for (byte[] m : messages) {
            assertEquals(McastResult.OK, packer.mcast(group, ByteBuffer.wrap(m)));
        }
        packer.flush();
        return sink;
    }

    @Test
    public void capturedBarrierIsRoutedToSyncWithoutItsHeaders() {
        byte[] barrier = hex("00000000 00000000 20000000 00000000 01000000 0500000000000000 00000000");
        deliver(1, concat(hex("0000 0000 00 00 0100 2800 0100 0400 73796e63"), barrier));
        assertEquals(1, sync.messages.size());
        assertEquals(1, sync.messages.get(0).sender());
        assertEquals("sync", sync.messages.get(0).group());
        assertArrayEquals(barrier, sync.messages.get(0).bytes());
        assertTrue(a.messages.isEmpty());
    }

    @Test
    public void deliveredWindowIsLittleEndianRelativeToPosition() {
        ByteBuffer[] seen = new ByteBuffer[1];
        int[] id = new int[1];
        groups.join(TotemPgGroup.A, (sender, group, message) -> {
            id[0] = message.getInt(message.position() + 4);
            seen[0] = message;
        });
        ByteBuffer p = ByteBuffer.wrap(packet(0, 0, groupA(hex("01020304 05000000")))); // big-endian buffer
        p.position(0);
        assembler.deliver(1, p);
        assertEquals(5, id[0]);
        assertEquals("the core's buffer is given back as it came", ByteOrder.BIG_ENDIAN, p.order());
        assertEquals(0, p.position());
        assertEquals(p.capacity(), p.limit());
    }

    @Test
    public void fragmentsRejoinAcrossPackets() {
        byte[] big = pattern(1568, 3);
        FakeSink sink = sendAll(TotemPgGroup.A, big, pattern(20, 4));
        assertEquals(2, sink.packets.size());
        for (byte[] p : sink.packets) {
            deliver(7, p);
        }
        assertEquals(2, a.messages.size());
        assertArrayEquals(big, a.messages.get(0).bytes());
        assertArrayEquals(pattern(20, 4), a.messages.get(1).bytes());
        assertEquals(0, assembler.partialLength(7));
    }

    @Test
    public void oneMebibyteRoundTrip() {
        byte[] big = pattern(TotemPg.MAX_MESSAGE_SIZE, 9);
        FakeSink sink = sendAll(TotemPgGroup.A, big);
        assertEquals((big.length + 5 + 1399) / 1400, sink.packets.size());
        for (byte[] p : sink.packets) {
            deliver(3, p);
        }
        assertEquals(1, a.messages.size());
        assertArrayEquals(big, a.messages.get(0).bytes());
    }

    @Test
    public void fragmentIdWraparoundReassembles() {
        byte[][] messages = new byte[400][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = pattern(1500 + i, i);
        }
        FakeSink sink = sendAll(TotemPgGroup.A, messages);
        int maxId = 0;
        int wraps = 0;
        int last = 0;
        for (byte[] p : sink.packets) {
            int f = PgTestSupport.fragmented(p);
            if (f != 0 && f < last) {
                wraps++;
            }
            if (f != 0) {
                last = f;
            }
            maxId = Math.max(maxId, f);
            deliver(2, p);
        }
        assertEquals(255, maxId);
        assertTrue(wraps >= 1);
        assertEquals(messages.length, a.messages.size());
        for (int i = 0; i < messages.length; i++) {
            assertArrayEquals(messages[i], a.messages.get(i).bytes());
        }
        assertEquals(0, counters.get(Counter.BROKEN_CHAINS));
    }

    @Test
    public void interleavedSendersReassembleIndependently() {
        byte[] m1 = pattern(5000, 1);
        byte[] m2 = pattern(3000, 2);
        byte[] m3 = pattern(7000, 3);
        List<byte[]> p1 = sendAll(TotemPgGroup.A, m1, pattern(10, 11)).packets;
        List<byte[]> p2 = sendAll(TotemPgGroup.A, m2).packets;
        List<byte[]> p3 = sendAll(TotemPgGroup.SYNC, m3).packets;
        int max = Math.max(p1.size(), Math.max(p2.size(), p3.size()));
        for (int i = 0; i < max; i++) {
            if (i < p3.size()) {
                deliver(3, p3.get(i));
            }
            if (i < p1.size()) {
                deliver(1, p1.get(i));
            }
            if (i < p2.size()) {
                deliver(2, p2.get(i));
            }
        }
        assertEquals(3, a.messages.size());
        assertEquals(new Received(2, "a", m2).sender(), a.messages.get(0).sender()); // 2 finishes first
        for (Received r : a.messages) {
            byte[] expected = r.sender() == 2 ? m2 : (r.bytes().length == 10 ? pattern(10, 11) : m1);
            assertArrayEquals(expected, r.bytes());
        }
        assertEquals(1, sync.messages.size());
        assertArrayEquals(m3, sync.messages.get(0).bytes());
    }

    @Test
    public void brokenChainThrowsAwayOnlyTheBrokenMessage() {
        byte[] before = pattern(30, 1);
        byte[] big = pattern(4000, 2); // 4005 bytes after "a": 3 packets
        byte[] after = pattern(40, 3);
        List<byte[]> packets = sendAll(TotemPgGroup.A, before, big, after).packets;
        assertEquals(3, packets.size());
        deliver(5, packets.get(0)); // "before" whole + the start of "big"
        deliver(5, packets.get(2)); // the middle packet is lost: continuation mismatch
        // the tail of "big" was thrown away; "after" shared that packet and got through
        assertEquals(2, a.messages.size());
        assertArrayEquals(before, a.messages.get(0).bytes());
        assertArrayEquals(after, a.messages.get(1).bytes());
        assertEquals(1, counters.get(Counter.BROKEN_CHAINS));
        assertFalse(assembler.discarding(5));
    }

    @Test
    public void throwAwayLastsUntilTheBrokenChainEnds() {
        byte[] big = pattern(6000, 2); // 5 packets
        List<byte[]> packets = sendAll(TotemPgGroup.A, big, pattern(10, 3)).packets;
        assertEquals(5, packets.size());
        deliver(4, packets.get(0));
        deliver(4, packets.get(2)); // mismatch: throw-away
        assertTrue(assembler.discarding(4));
        deliver(4, packets.get(3)); // a middle piece: still throwing away
        assertTrue(assembler.discarding(4));
        deliver(4, packets.get(4)); // the tail, then a whole message: recovered
        assertFalse(assembler.discarding(4));
        assertEquals(1, a.messages.size());
        assertArrayEquals(pattern(10, 3), a.messages.get(0).bytes());
        assertEquals(1, counters.get(Counter.BROKEN_CHAINS));
        assertEquals(4, counters.get(Counter.FRAGMENTS_THROWN_AWAY)); // held start + three pieces
        // and the next chain is fine
        for (byte[] p : sendAll(TotemPgGroup.A, big).packets) {
            deliver(4, p);
        }
        assertArrayEquals(big, a.messages.get(1).bytes());
    }

    @Test
    public void aCleanPacketEndsThrowAwayAndIsUsedWhole() {
        deliver(6, packet(0, 9, pattern(50, 1))); // continuation of nothing: throw-away
        assertEquals(1, counters.get(Counter.BROKEN_CHAINS));
        assertFalse("fragmented=0: the lost chain ended with that piece", assembler.discarding(6));
        deliver(6, packet(3, 9, pattern(50, 1))); // continues a chain we do not hold
        assertTrue(assembler.discarding(6));
        deliver(6, packet(0, 0, groupA(pattern(5, 5))));
        assertFalse(assembler.discarding(6));
        assertEquals(1, a.messages.size());
        assertArrayEquals(pattern(5, 5), a.messages.get(0).bytes());
    }

    @Test
    public void aCleanPacketInTheMiddleOfAChainDropsTheHeldPart() {
        byte[] whole = groupA(pattern(2000, 1));
        deliver(6, packet(1, 0, slice(whole, 0, 1000)));
        assertEquals(1000, assembler.partialLength(6));
        deliver(6, packet(0, 0, groupA(pattern(7, 7))));
        assertEquals(0, assembler.partialLength(6));
        assertEquals(1, counters.get(Counter.BROKEN_CHAINS));
        assertEquals(1, a.messages.size());
        assertArrayEquals(pattern(7, 7), a.messages.get(0).bytes());
    }

    @Test
    public void chainSplitInsideTheGroupHeaderStillRejoins() {
        // Corosync splits wherever the packet ends, even inside the group header
        byte[] whole = groupA(pattern(100, 1));
        deliver(6, packet(17, 0, slice(whole, 0, 3)));
        deliver(6, packet(18, 17, slice(whole, 3, 50)));
        deliver(6, packet(0, 18, slice(whole, 50, whole.length), groupA(pattern(3, 3))));
        assertEquals(2, a.messages.size());
        assertArrayEquals(pattern(100, 1), a.messages.get(0).bytes());
    }

    @Test
    public void senderLeaveFreesItsBuffer() {
        byte[] whole = groupA(pattern(3000, 1));
        deliver(8, packet(1, 0, slice(whole, 0, 1400)));
        assertEquals(1400, assembler.partialLength(8));
        assembler.senderLeft(8);
        assertFalse(assembler.holds(8));
        // its old chain cannot continue after it left
        deliver(8, packet(0, 1, slice(whole, 1400, whole.length)));
        assertTrue(a.messages.isEmpty());
        assertEquals(1, counters.get(Counter.BROKEN_CHAINS));
    }

    @Test
    public void transitionalModeKeepsASeparateStream() {
        byte[] big = groupA(pattern(2000, 1));
        deliver(9, packet(4, 0, slice(big, 0, 1400))); // normal stream: start of a chain
        assembler.transitionalMode(true);
        // a C node sends its sync traffic from a separate queue during the window: starts clean
        deliver(9, packet(0, 0, concat(hex("0100 0400 73796e63"), pattern(32, 2))));
        assembler.transitionalMode(false);
        deliver(9, packet(0, 4, slice(big, 1400, big.length))); // normal stream resumes
        assertEquals(1, sync.messages.size());
        assertEquals(1, a.messages.size());
        assertArrayEquals(pattern(2000, 1), a.messages.get(0).bytes());
        assertEquals(0, counters.get(Counter.BROKEN_CHAINS));
    }

    @Test
    public void garbledPacketsAreCountedNeverThrown() {
        deliver(1, new byte[0]);
        deliver(1, hex("0000 0000 00 00 01")); // 7 bytes
        deliver(1, hex("0100 0000 00 00 0000")); // version 1
        deliver(1, hex("0000 0100 00 00 0000")); // type 1
        deliver(1, hex("0000 0000 00 00 0300 0100 0100")); // 3 lengths announced, 2 present
        deliver(1, hex("0000 0000 00 00 0100 0900 0100 0100 61")); // 9 announced, 5 present
        deliver(1, hex("0000 0000 05 00 0000")); // empty but fragmented
        deliver(1, hex("0000 0000 00 05 0000")); // empty but a continuation
        deliver(1, hex("0000 0000 00 00 0200 ffff ffff 00")); // lengths overflow
        assertEquals(9, counters.get(Counter.PACKETS_MALFORMED));
        assertEquals(0, counters.get(Counter.PACKETS_RECEIVED));
        assertTrue(a.messages.isEmpty());
    }

    @Test
    public void garbledGroupHeadersAreCountedNeverThrown() {
        deliver(1, packet(0, 0, hex("01"), hex("0500 0100"), hex("0100 0900 61"), hex("0000 ab")));
        assertEquals(3, counters.get(Counter.MESSAGES_MALFORMED));
        assertEquals(1, counters.get(Counter.MESSAGES_UNROUTED)); // zero groups: nobody's
        deliver(1, packet(0, 0, concat(hex("0100 0100"), "b".getBytes())));
        assertEquals(2, counters.get(Counter.MESSAGES_UNROUTED));
        assertTrue(a.messages.isEmpty());
    }

    @Test
    public void randomGarbageNeverThrows() {
        Random random = new Random(1234);
        for (int i = 0; i < 20000; i++) {
            byte[] p = new byte[random.nextInt(64)];
            random.nextBytes(p);
            if (random.nextBoolean() && p.length >= 8) {
                p[0] = p[1] = p[2] = p[3] = 0; // get past the version check more often
                p[7] = 0;
                p[6] = (byte) random.nextInt(6);
            }
            deliver(1 + random.nextInt(3), p);
        }
        assertTrue(counters.get(Counter.PACKETS_MALFORMED) > 0);
    }

    @Test
    public void trailingSlackAfterTheLastMessageIsIgnored() {
        byte[] p = packet(0, 0, groupA(pattern(10, 1)));
        deliver(1, concat(p, new byte[2]));
        assertEquals(1, a.messages.size());
        assertEquals(0, counters.get(Counter.PACKETS_MALFORMED));
    }

    @Test
    public void multiGroupMessageReachesEachListenerOnce() {
        byte[] header = concat(hex("0200 0100 0400"), "async".getBytes());
        deliver(1, packet(0, 0, concat(header, pattern(4, 1))));
        assertEquals(1, a.messages.size());
        assertEquals(1, sync.messages.size());
        assertArrayEquals(pattern(4, 1), a.messages.get(0).bytes());
        Recorder both = new Recorder();
        groups.join(TotemPgGroup.A, both);
        groups.join(TotemPgGroup.SYNC, both);
        deliver(1, packet(0, 0, concat(header, pattern(4, 2))));
        assertEquals(1, both.messages.size());
    }

    @Test
    public void reassemblyBufferIsReusedBetweenMessages() {
        SenderStream s = new SenderStream(1);
        ByteBuffer piece = ByteBuffer.wrap(pattern(5000, 1));
        assertTrue(s.append(piece, 0, 5000, TotemPgAssembler.MAX_ASSEMBLED_SIZE));
        ByteBuffer first = s.message();
        int capacity = s.capacity();
        s.reset();
        assertTrue(s.append(piece, 0, 4000, TotemPgAssembler.MAX_ASSEMBLED_SIZE));
        assertTrue("same buffer, no new allocation", first == s.message());
        assertEquals(capacity, s.capacity());
        assertEquals(4000, s.message().remaining());
        // a buffer grown for a very large message is not kept forever
        assertTrue(s.append(piece, 0, 5000, TotemPgAssembler.MAX_ASSEMBLED_SIZE));
        for (int i = 0; i < 40; i++) {
            s.append(piece, 0, 5000, TotemPgAssembler.MAX_ASSEMBLED_SIZE);
        }
        assertTrue(s.capacity() > SenderStream.RETAINED_BUFFER);
        s.reset();
        assertEquals(0, s.capacity());
        assertFalse(s.append(piece, 0, 10, 5));
    }

    static byte[] concat(byte[] x, byte[] y) {
        byte[] out = new byte[x.length + y.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
