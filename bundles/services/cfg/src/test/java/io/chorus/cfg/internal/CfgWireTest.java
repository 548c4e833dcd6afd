package io.chorus.cfg.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.Test;

/** KILLNODE's body byte for byte: u32 nodeid, then the reason as u16 length and 256 bytes, packed. */
public class CfgWireTest {

    @Test
    public void killNodeIsNodeidThenAPackedReason() {
        ByteBuffer b = CfgWire.killNode(0x01020304, "bye");
        assertEquals(0, b.position());
        byte[] expected = new byte[4 + 2 + 256];
        byte[] head = {4, 3, 2, 1, 3, 0, 'b', 'y', 'e'};
        System.arraycopy(head, 0, expected, 0, head.length);
        byte[] actual = new byte[b.remaining()];
        b.duplicate().get(actual);
        assertArrayEquals(expected, actual);

        assertEquals(0x01020304, b.getInt());
        assertEquals("bye", CfgWire.killReason(b));
    }

    @Test
    public void aLongReasonKeepsRoomForCsNul() {
        ByteBuffer b = CfgWire.killNode(1, "r".repeat(300));
        assertEquals(262, b.remaining());
        assertEquals(255, b.getShort(4));
        b.getInt();
        assertEquals("r".repeat(255), CfgWire.killReason(b));
    }

    @Test
    public void aReasonLengthAboveTheFieldIsMalformed() {
        ByteBuffer b = ByteBuffer.allocate(262).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1).putShort(4, (short) 257);
        b.getInt();
        assertThrows(IllegalArgumentException.class, () -> CfgWire.killReason(b));
    }
}
