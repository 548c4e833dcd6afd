package io.chorus.cfg.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.Test;

/**
 * The exec bodies byte for byte against Corosync 3.1.7's {@code exec/cfg.c} structs, less their 16-byte header.
 * KILLNODE is {@code struct req_exec_cfg_killnode}: nodeid aligned(8), then {@code mar_name_t reason} aligned(8)
 * whose u16 length and {@code value[256]} are aligned(8) too: nodeid at 0, length at 8, value at 16, 272 bytes.
 */
public class CfgWireTest {

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static ByteBuffer le(byte[] a) {
        return ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    public void killNodeIsCorosyncsStructByteForByte() {
        ByteBuffer b = CfgWire.killNode(0x01020304, "bye");
        assertEquals(0, b.position());
        assertEquals(272, CfgWire.KILLNODE_SIZE);

        byte[] expected = new byte[272];
        expected[0] = 4; // nodeid, little-endian, at 0
        expected[1] = 3;
        expected[2] = 2;
        expected[3] = 1;
        // 4..7 padding (nodeid aligned(8) before the name)
        expected[8] = 4; // reason.length u16 at 8: strlen("bye") + 1, libcfg counts the NUL
        expected[9] = 0;
        // 10..15 padding (value aligned(8))
        expected[16] = 'b'; // reason.value[256] at 16
        expected[17] = 'y';
        expected[18] = 'e';
        // 19 NUL, then zeros up to 271
        assertArrayEquals(expected, bytes(b));

        assertEquals(0x01020304, CfgWire.killTarget(b));
        assertEquals("bye", CfgWire.killReason(b));
        assertEquals("reading leaves the buffer as it was", 0, b.position());
    }

    @Test
    public void decodesACorosyncShapedBufferWithGarbageInThePadding() {
        // As a C node sends it after corosync-cfgtool -k 7: stack garbage in the padding and after the NUL.
        byte[] c = new byte[272];
        Arrays.fill(c, (byte) 0xA5);
        c[0] = 7;
        c[1] = 0;
        c[2] = 0;
        c[3] = 0;
        byte[] reason = "Killed by corosync-cfgtool".getBytes(StandardCharsets.US_ASCII);
        c[8] = (byte) (reason.length + 1);
        c[9] = 0;
        System.arraycopy(reason, 0, c, 16, reason.length);
        c[16 + reason.length] = 0;
        ByteBuffer b = le(c);
        assertEquals(7, CfgWire.killTarget(b));
        assertEquals("Killed by corosync-cfgtool", CfgWire.killReason(b));
    }

    @Test
    public void decodesAtTheBufferPositionAsTheExecutiveDeliversIt() {
        // The dispatcher hands the message on with its position past the 16-byte exec header.
        byte[] msg = new byte[16 + 272];
        Arrays.fill(msg, 0, 16, (byte) 0x5A);
        System.arraycopy(bytes(CfgWire.killNode(-2, "r")), 0, msg, 16, 272);
        ByteBuffer b = le(msg).position(16);
        assertEquals(-2, CfgWire.killTarget(b));
        assertEquals("r", CfgWire.killReason(b));
    }

    @Test
    public void aLengthWithoutNulTakesExactlyTheLengthsBytes() {
        byte[] c = new byte[272];
        c[8] = 3;
        c[16] = 'a';
        c[17] = 'b';
        c[18] = 'c';
        c[19] = 'X'; // garbage after the length: not read
        assertEquals("abc", CfgWire.killReason(le(c)));
    }

    @Test
    public void aLongReasonKeepsRoomForCsNul() {
        ByteBuffer b = CfgWire.killNode(1, "r".repeat(300));
        assertEquals(272, b.remaining());
        assertEquals(256, b.getShort(8));
        assertEquals(0, b.get(16 + 255));
        assertEquals("r".repeat(255), CfgWire.killReason(b));
    }

    @Test
    public void aLongReasonIsNotCutInsideAUtf8Character() {
        String reason = "r".repeat(254) + "é"; // é is 2 bytes: 256 in all, one too many
        ByteBuffer b = CfgWire.killNode(1, reason);
        assertEquals(255, b.getShort(8));
        assertEquals("r".repeat(254), CfgWire.killReason(b));
    }

    @Test
    public void anEmptyReasonIsJustTheNul() {
        ByteBuffer b = CfgWire.killNode(1, "");
        assertEquals(1, b.getShort(8));
        assertEquals("", CfgWire.killReason(b));
    }

    @Test
    public void aFull256ByteValueWithoutNulIsAccepted() {
        byte[] c = new byte[272];
        c[8] = 0;
        c[9] = 1; // 256
        Arrays.fill(c, 16, 272, (byte) 'z');
        assertEquals("z".repeat(256), CfgWire.killReason(le(c)));
    }

    @Test
    public void aReasonLengthAboveTheFieldIsMalformed() {
        ByteBuffer b = le(new byte[272]).putInt(0, 1).putShort(8, (short) 257);
        assertThrows(IllegalArgumentException.class, () -> CfgWire.killReason(b));
        ByteBuffer huge = le(new byte[272]).putShort(8, (short) 0xFFFF);
        assertThrows(IllegalArgumentException.class, () -> CfgWire.killReason(huge));
    }

    @Test
    public void aTruncatedKillNodeIsMalformed() {
        ByteBuffer b = le(Arrays.copyOf(bytes(CfgWire.killNode(1, "bye")), 18));
        assertThrows(IllegalArgumentException.class, () -> CfgWire.killReason(b));
        ByteBuffer noLength = le(new byte[9]);
        assertThrows(java.nio.BufferUnderflowException.class, () -> CfgWire.killReason(noLength));
        // a body too short for the target: the underflow the engine reports as malformed, not an index error
        assertThrows(java.nio.BufferUnderflowException.class, () -> CfgWire.killTarget(le(new byte[3])));
    }

    @Test
    public void ringReenableIsAMessageSource() {
        // struct req_exec_cfg_ringreenable: mar_message_source_t { u32 nodeid aligned(8); void *conn aligned(8); }
        byte[] expected = {3, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1};
        ByteBuffer b = CfgWire.ringReenable(3, 0x0102030405060708L);
        assertArrayEquals(expected, bytes(b));
        assertEquals(0x0102030405060708L, CfgWire.ringReenableSession(b));
    }
}
