package io.chorus.totem.pg;

import static io.chorus.totem.pg.PgTestSupport.MAX_PAYLOAD;
import static io.chorus.totem.pg.PgTestSupport.continuation;
import static io.chorus.totem.pg.PgTestSupport.count;
import static io.chorus.totem.pg.PgTestSupport.fragmented;
import static io.chorus.totem.pg.PgTestSupport.hex;
import static io.chorus.totem.pg.PgTestSupport.lengths;
import static io.chorus.totem.pg.PgTestSupport.pattern;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.totem.pg.PgTestSupport.FakeSink;
import io.chorus.totem.pg.TotemPgCounters.Counter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class TotemPgPackerTest {

    private final FakeSink sink = new FakeSink();
    private final TotemPgCounters counters = new TotemPgCounters();
    private final TotemPgPacker packer = new TotemPgPacker(MAX_PAYLOAD, sink, counters);

    /** corosync-wire.md §1.13: the payload of the captured sync BARRIER MCAST, ring 1.5. */
    @Test
    public void syncBarrierPacketIsByteExact() {
        byte[] barrier = hex("00000000 00000000 20000000 00000000 01000000 0500000000000000 00000000");
        assertEquals(32, barrier.length);
        assertEquals(McastResult.OK, packer.mcast(TotemPgGroup.SYNC, ByteBuffer.wrap(barrier)));
        assertTrue("nothing goes out before the token", sink.packets.isEmpty());
        assertTrue(packer.flush());
        byte[] expected = hex("0000 0000 00 00 0100 2800 | 0100 0400 73796e63"
                + "| 00000000 00000000 | 20000000 00000000 | 01000000 0500000000000000 | 00000000");
        assertEquals(1, sink.packets.size());
        assertArrayEquals(expected, sink.packets.get(0));
    }

    @Test
    public void groupAPrefixAndIovecConcatenation() {
        packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.allocate(0),
                ByteBuffer.wrap(new byte[] {3}));
        packer.flush();
        assertArrayEquals(hex("0000 0000 00 00 0100 0800 | 0100 0100 61 | 01 02 03"), sink.packets.get(0));
    }

    @Test
    public void iovecPositionsAreNotMoved() {
        ByteBuffer b = ByteBuffer.wrap(pattern(3000, 1));
        b.position(10);
        packer.mcast(TotemPgGroup.A, b);
        assertEquals(10, b.position());
    }

    @Test
    public void a1573ByteMessageGoesOutAs1400Then173() {
        // cpg DOWNLIST: 1568 bytes + group "a" header (5) = 1573
        byte[] downlist = pattern(1568, 5);
        packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(downlist));
        assertEquals("the full first packet leaves at once", 1, sink.packets.size());
        byte[] first = sink.packets.get(0);
        assertEquals(1455 - 45, first.length);
        assertEquals(1, fragmented(first));
        assertEquals(0, continuation(first));
        assertArrayEquals(new int[] {1400}, lengths(first));
        packer.flush();
        byte[] second = sink.packets.get(1);
        assertEquals(0, fragmented(second));
        assertEquals(1, continuation(second));
        assertArrayEquals(new int[] {173}, lengths(second));
        assertEquals(8 + 2 + 173, second.length);
        assertEquals(1, counters.get(Counter.MESSAGES_FRAGMENTED));
    }

    @Test
    public void messageExactlyFillingAPacketIsNotFragmented() {
        packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(1400 - 5, 2)));
        assertEquals(1, sink.packets.size());
        assertEquals(0, fragmented(sink.packets.get(0)));
        assertEquals(MAX_PAYLOAD, sink.packets.get(0).length);
        assertFalse(packer.hasPending());
        packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(10, 2)));
        packer.flush();
        assertEquals(0, continuation(sink.packets.get(1)));
        assertEquals(0, counters.get(Counter.MESSAGES_FRAGMENTED));
    }

    @Test
    public void smallMessagesShareAPacketAndTheOverflowIsSplitAcrossTheBoundary() {
        // each message: 2 (length) + 5 (group) + 10 = 17 bytes of the 1402 after the header
        for (int i = 0; i < 100; i++) {
            assertEquals(McastResult.OK, packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(10, i))));
        }
        assertEquals(1, sink.packets.size());
        byte[] first = sink.packets.get(0);
        assertEquals(MAX_PAYLOAD, first.length);
        assertEquals(83, count(first));
        int[] l = lengths(first);
        assertEquals(15, l[0]);
        assertEquals("82 whole messages leave 8 bytes: a length and 6 bytes of the 83rd", 6, l[82]);
        assertEquals(1, fragmented(first));
        packer.flush();
        byte[] second = sink.packets.get(1);
        assertEquals(1, continuation(second));
        assertEquals(0, fragmented(second));
        assertEquals(18, count(second));
        assertEquals(9, lengths(second)[0]);
        assertEquals(1, counters.get(Counter.PACKETS_FLUSHED_ON_TOKEN));
    }

    @Test
    public void flushWithNothingPendingSendsNothing() {
        assertTrue(packer.flush());
        assertTrue(sink.packets.isEmpty());
    }

    @Test
    public void fragmentIdsCycleFrom1To255AndNeverUse0() {
        // each 3000-byte message spans 3 packets and uses 2 fragment ids (the last piece may share a packet)
        int ids = 0;
        int expected = 1;
        for (int m = 0; m < 200; m++) {
            packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(3000, m)));
        }
        packer.flush();
        int previousFragment = 0;
        for (byte[] p : sink.packets) {
            assertEquals("continuation names the previous packet's fragment", previousFragment, continuation(p));
            int f = fragmented(p);
            if (f != 0) {
                assertEquals(expected, f);
                expected = expected == 255 ? 1 : expected + 1;
                ids++;
            }
            previousFragment = f;
        }
        assertTrue("wrapped past 255: " + ids, ids > 300);
    }

    @Test
    public void refusesAWholeMessageTheQueueCannotTake() {
        sink.free = 3;
        // 5000 + 5 bytes need ceil(5005 / 1400) = 4 packets
        assertEquals(4, packer.packetsNeeded(5005));
        assertFalse(packer.canAccept(TotemPgGroup.A, 5000));
        assertEquals(McastResult.TRY_AGAIN, packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(5000, 1))));
        assertTrue("nothing of it was queued", sink.packets.isEmpty());
        assertFalse(packer.hasPending());
        assertEquals(1, counters.get(Counter.MESSAGES_REFUSED));
        sink.free = 4;
        assertTrue(packer.canAccept(TotemPgGroup.A, 5000));
        assertEquals(McastResult.OK, packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(5000, 1))));
        assertEquals(3, sink.packets.size());
        assertEquals(1, sink.free);
        assertTrue(packer.flush());
        assertEquals(0, sink.free);
    }

    @Test
    public void thePartlyFilledPacketCountsAgainstTheQueue() {
        sink.free = 1;
        assertEquals(McastResult.OK, packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(100, 1))));
        // shares the pending packet: still one slot
        assertEquals(McastResult.OK, packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(100, 2))));
        // would spill into a second packet: refused
        assertEquals(McastResult.TRY_AGAIN, packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(1300, 3))));
        assertEquals(1, packer.packetsNeeded(5));
        assertTrue(packer.flush());
        assertEquals(1, sink.packets.size());
        assertEquals(2, count(sink.packets.get(0)));
    }

    @Test
    public void aRefusedFlushKeepsThePacketForTheNextToken() {
        packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(100, 1)));
        sink.free = 0;
        assertFalse(packer.flush());
        assertTrue(packer.hasPending());
        sink.free = 1;
        assertTrue(packer.flush());
        assertEquals(1, sink.packets.size());
    }

    @Test
    public void tooLargeIsRefusedWithoutTouchingTheQueue() {
        byte[] big = new byte[TotemPg.MAX_MESSAGE_SIZE + 1];
        assertEquals(McastResult.TOO_LARGE, packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(big)));
        assertTrue(sink.packets.isEmpty());
        assertFalse(packer.canAccept(TotemPgGroup.A, big.length));
    }

    @Test
    public void packetsNeededPredictsExactlyWhatIsSent() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            int size = random.nextInt(4) == 0 ? random.nextInt(20000) : random.nextInt(300);
            int before = sink.packets.size();
            int predicted = packer.packetsNeeded(5 + size);
            packer.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(size, i)));
            int sent = sink.packets.size() - before;
            int occupied = sent + (packer.hasPending() ? 1 : 0);
            // a packet pending before the message is either sent now or still pending: counted once either way
            assertEquals("message " + i + " of " + size, predicted, occupied);
            for (byte[] p : sink.packets.subList(before, sink.packets.size())) {
                assertTrue(p.length <= MAX_PAYLOAD);
            }
            if (random.nextInt(10) == 0) {
                packer.flush();
            }
        }
    }

    @Test
    public void fragmentIdsAreNonZeroAndContinuationsChain() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            packer.mcast(TotemPgGroup.SYNC, ByteBuffer.wrap(pattern(random.nextInt(5000), i)));
            if (random.nextBoolean()) {
                packer.flush();
            }
        }
        packer.flush();
        List<byte[]> packets = sink.packets;
        int previous = 0;
        for (byte[] p : packets) {
            assertEquals(previous, continuation(p));
            previous = fragmented(p);
            assertNotEquals(0, count(p));
        }
        assertEquals(0, previous);
    }
}
