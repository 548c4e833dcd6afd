package io.chorus.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** Packets cut from shared slabs: each its own bytes, and a slab freed only once its last packet and the slab let go. */
public class PacketSlabTest {

    private final PacketSlab slabs = new PacketSlab(new UnpooledByteBufAllocator(true));

    @Test
    public void packetsAreEmptyBuffersOfTheirSizeSideBySideInOneSlab() {
        ByteBuf a = slabs.take(1400);
        ByteBuf b = slabs.take(900);
        assertEquals(0, a.writerIndex());
        assertEquals(1400, a.capacity());
        assertEquals(900, b.capacity());
        assertSame(a.unwrap(), b.unwrap());
        assertEquals(a.memoryAddress() + 1400, b.memoryAddress());
        a.writeBytes(filled(1400, (byte) 1));
        b.writeBytes(filled(900, (byte) 2));
        assertEquals("writing one packet leaves its neighbour alone", 1, a.getByte(1399));
        assertEquals(2, b.getByte(0));
        a.release();
        b.release();
        slabs.release();
    }

    @Test
    public void aPacketThatDoesNotFitStartsANewSlab() {
        List<ByteBuf> packets = new ArrayList<>();
        for (int i = 0; i < PacketSlab.SLAB_BYTES / 1500; i++) {
            packets.add(slabs.take(1500));
        }
        ByteBuf next = slabs.take(1500);
        assertNotSame(packets.get(0).unwrap(), next.unwrap());
        packets.add(next);
        packets.forEach(ByteBuf::release);
        slabs.release();
    }

    @Test
    public void aSlabIsFreedOnlyWhenItsLastPacketAndTheSlabItselfAreReleased() {
        ByteBuf first = slabs.take(1400);
        ByteBuf second = slabs.take(1400);
        ByteBuf slab = first.unwrap();
        slabs.release();
        first.release();
        assertTrue("a packet still holds it", slab.refCnt() > 0);
        second.release();
        assertEquals(0, slab.refCnt());
    }

    @Test
    public void aPacketLargerThanASlabGetsASlabOfItsOwn() {
        ByteBuf big = slabs.take(PacketSlab.SLAB_BYTES + 1);
        assertEquals(PacketSlab.SLAB_BYTES + 1, big.capacity());
        big.release();
        slabs.release();
    }

    private static byte[] filled(int size, byte value) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, value);
        return b;
    }
}
