package io.chorus.api.wire;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.chorus.api.wire.LittleEndian.FixedName;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.Test;

/**
 * The shared encodings byte for byte against hand-written bytes, and every count and length a peer could lie
 * about refused before anything is allocated.
 */
public class LittleEndianTest {

    /** {@code head}, then zeros up to {@code size} bytes. */
    private static byte[] bytes(int size, int... head) {
        byte[] b = new byte[size];
        for (int i = 0; i < head.length; i++) {
            b[i] = (byte) head[i];
        }
        return b;
    }

    /** A little-endian buffer of {@code size} bytes of 0xAA, so that zero-filling shows. */
    private static ByteBuffer dirty(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 0xAA);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(int... bytes) {
        return ByteBuffer.wrap(bytes(bytes.length, bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- fixed names: each layout byte for byte

    @Test
    public void cpgNameIsU32LengthFourBytesOfPaddingAnd128ZeroFilledBytes() {
        ByteBuffer b = dirty(2 + 136 + 2);
        LittleEndian.putFixedName(b, 2, LittleEndian.CPG_NAME, "grp".getBytes());
        byte[] expected = bytes(136, 3, 0, 0, 0, /* padding */ 0, 0, 0, 0, 'g', 'r', 'p');
        assertArrayEquals(expected, Arrays.copyOfRange(b.array(), 2, 138));
        assertEquals("not past the field", (byte) 0xAA, b.get(138));
        assertEquals("not before it", (byte) 0xAA, b.get(1));
        assertEquals("absolute: the position stays", 0, b.position());
        assertEquals(136, LittleEndian.CPG_NAME.size());
        assertArrayEquals("grp".getBytes(), LittleEndian.getFixedName(b, 2, LittleEndian.CPG_NAME));
    }

    @Test
    public void marNameIsU16LengthSixBytesOfPaddingAnd256ZeroFilledBytes() {
        ByteBuffer b = dirty(264);
        LittleEndian.putFixedName(b, 0, LittleEndian.MAR_NAME, "totem.x".getBytes());
        byte[] expected = bytes(264, 7, 0, /* padding */ 0, 0, 0, 0, 0, 0, 't', 'o', 't', 'e', 'm', '.', 'x');
        assertArrayEquals(expected, b.array());
        assertEquals(264, LittleEndian.MAR_NAME.size());
        assertArrayEquals("totem.x".getBytes(), LittleEndian.getFixedName(b, 0, LittleEndian.MAR_NAME));
    }

    @Test
    public void aPackedNameHasItsValueRightAfterTheLength() {
        FixedName packed = new FixedName(2, 2, 256); // cfg KILLNODE's reason
        ByteBuffer b = dirty(4 + 258);
        b.putInt(0, 7);
        LittleEndian.putFixedName(b, 4, packed, "bye".getBytes());
        byte[] expected = bytes(262, 7, 0, 0, 0, 3, 0, 'b', 'y', 'e');
        assertArrayEquals(expected, b.array());
        assertArrayEquals("bye".getBytes(), LittleEndian.getFixedName(b, 4, packed));
    }

    @Test
    public void aFullFieldAndAnEmptyOneRoundTrip() {
        byte[] full = new byte[128];
        Arrays.fill(full, (byte) 'x');
        ByteBuffer b = dirty(136);
        LittleEndian.putFixedName(b, 0, LittleEndian.CPG_NAME, full);
        assertArrayEquals(full, LittleEndian.getFixedName(b, 0, LittleEndian.CPG_NAME));
        LittleEndian.putFixedName(b, 0, LittleEndian.CPG_NAME, new byte[0]);
        assertArrayEquals(new byte[136], b.array());
        assertEquals(0, LittleEndian.getFixedName(b, 0, LittleEndian.CPG_NAME).length);
    }

    @Test
    public void aNameLongerThanTheFieldIsRefusedAndNothingWritten() {
        ByteBuffer cpg = dirty(136);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LittleEndian.putFixedName(cpg, 0, LittleEndian.CPG_NAME, new byte[129]));
        assertTrue(e.getMessage(), e.getMessage().contains("129"));
        assertArrayEquals(dirty(136).array(), cpg.array());
        ByteBuffer mar = dirty(264);
        assertThrows(IllegalArgumentException.class,
                () -> LittleEndian.putFixedName(mar, 0, LittleEndian.MAR_NAME, new byte[257]));
        assertArrayEquals(dirty(264).array(), mar.array());
    }

    @Test
    public void aLengthAboveTheFieldOrPastTheMessageIsRefused() {
        ByteBuffer cpg = LittleEndian.allocate(136).putInt(0, 129);
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getFixedName(cpg, 0, LittleEndian.CPG_NAME));
        ByteBuffer huge = LittleEndian.allocate(136).putInt(0, 0xFFFFFFFF);
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getFixedName(huge, 0, LittleEndian.CPG_NAME));
        ByteBuffer mar = LittleEndian.allocate(264).putShort(0, (short) 257);
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getFixedName(mar, 0, LittleEndian.MAR_NAME));
        ByteBuffer cut = LittleEndian.allocate(8 + 2).putInt(0, 3); // value ends after 2 of its 3 bytes
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getFixedName(cut, 0, LittleEndian.CPG_NAME));
        ByteBuffer noLength = LittleEndian.allocate(3);
        assertThrows(BufferUnderflowException.class,
                () -> LittleEndian.getFixedName(noLength, 0, LittleEndian.CPG_NAME));
    }

    // ---- counted values

    @Test
    public void countedIntsRoundTrip() {
        ByteBuffer b = LittleEndian.allocate(LittleEndian.countedIntsSize(new int[] {1, -1}));
        LittleEndian.putCountedInts(b, new int[] {1, -1}).flip();
        assertArrayEquals(bytes(12, 2, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF), b.array());
        assertArrayEquals(new int[] {1, -1}, LittleEndian.getCountedInts(b, 2));
        assertEquals(0, b.remaining());
    }

    @Test
    public void countedIntsRefuseACountAboveMax() {
        ByteBuffer b = le(3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LittleEndian.getCountedInts(b, 2));
        assertEquals("count 3 above the limit 2", e.getMessage());
        assertArrayEquals(new int[] {1, 2, 3}, LittleEndian.getCountedInts(le(3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
                3, 0, 0, 0), 3));
    }

    @Test
    public void countedIntsRefuseANegativeCount() {
        ByteBuffer b = le(0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LittleEndian.getCountedInts(b, Integer.MAX_VALUE));
        assertTrue(e.getMessage(), e.getMessage().contains("4294967295"));
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getCountedInts(le(0, 0, 0, 0x80), 384));
    }

    @Test
    public void countedIntsRefuseACountLongerThanTheMessage() {
        ByteBuffer b = le(3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0); // 3 announced, 2 there
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getCountedInts(b, 384));
        // 2^30 ints would be 4 GiB: refused from the 4 bytes left, not allocated
        ByteBuffer huge = le(0, 0, 0, 0x40, 1, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getCountedInts(huge, Integer.MAX_VALUE));
        assertThrows(BufferUnderflowException.class, () -> LittleEndian.getCountedInts(le(1, 0), 384));
    }

    @Test
    public void getCountChecksRecordsOfAnySize() {
        assertEquals(2, LittleEndian.getCount(le(2, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 2, 6));
        assertThrows(IllegalArgumentException.class,
                () -> LittleEndian.getCount(le(2, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 2, 6));
    }

    @Test
    public void countedStringIsU32LengthAndUtf8() {
        String s = "h\u00e9";
        ByteBuffer b = LittleEndian.allocate(LittleEndian.countedSize(s));
        LittleEndian.putCountedString(b, s).flip();
        assertArrayEquals(bytes(7, 3, 0, 0, 0, 'h', 0xC3, 0xA9), b.array());
        assertEquals(s, LittleEndian.getCountedString(b));
        assertEquals(0, b.remaining());
    }

    @Test
    public void countedBytesRefuseALengthAboveMaxNegativeOrBeyondTheMessage() {
        assertArrayEquals(new byte[] {9, 8}, LittleEndian.getCountedBytes(le(2, 0, 0, 0, 9, 8), 2));
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getCountedBytes(le(2, 0, 0, 0, 9, 8), 1));
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.getCountedBytes(le(3, 0, 0, 0, 9, 8)));
        assertThrows(IllegalArgumentException.class,
                () -> LittleEndian.getCountedString(le(0xFF, 0xFF, 0xFF, 0xFF, 9, 8)));
    }

    // ---- buffers

    @Test
    public void viewIsLittleEndianWithAPositionOfItsOwn() {
        ByteBuffer big = ByteBuffer.wrap(bytes(8, 1, 0, 0, 0, 2, 0, 0, 0));
        big.position(4);
        ByteBuffer v = LittleEndian.view(big);
        assertNotSame(big, v);
        assertEquals(ByteOrder.LITTLE_ENDIAN, v.order());
        assertEquals(2, v.getInt());
        assertEquals(4, big.position());
        assertEquals(ByteOrder.BIG_ENDIAN, big.order());
    }

    @Test
    public void intsAndAllocate() {
        ByteBuffer b = LittleEndian.ints(1, 0x01020304);
        assertEquals(0, b.position());
        assertArrayEquals(bytes(8, 1, 0, 0, 0, 4, 3, 2, 1), b.array());
        ByteBuffer a = LittleEndian.allocate(5);
        assertEquals(ByteOrder.LITTLE_ENDIAN, a.order());
        assertEquals(5, a.remaining());
    }

    @Test
    public void copyOfJoinsTheRemainingBytesOfEachPartWithoutConsumingThem() {
        ByteBuffer head = le(9, 1, 2);
        head.position(1);
        ByteBuffer tail = ByteBuffer.wrap(bytes(4, 3, 4, 5, 6)).limit(3);
        ByteBuffer c = LittleEndian.copyOf(head, ByteBuffer.allocate(0), tail);
        assertEquals(ByteOrder.LITTLE_ENDIAN, c.order());
        assertEquals(0, c.position());
        assertArrayEquals(bytes(5, 1, 2, 3, 4, 5), c.array());
        assertEquals("head not consumed", 1, head.position());
        assertEquals("tail not consumed", 0, tail.position());
        head.put(1, (byte) 7);
        assertEquals("a copy, not a view", 1, c.get(0));
        assertEquals(0, LittleEndian.copyOf().remaining());
    }
}
