package io.chorus.executive.wire;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chorus.totem.RingId;
import io.chorus.totem.pg.PacketSink;
import io.chorus.totem.pg.TotemPg;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.Test;

/** Byte-exact sync v2 messages against corosync-wire.md §1.10 and the capture of §1.13. */
public class SyncMessagesTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", "").replace("|", ""));
    }

    @Test
    public void barrierMatchesTheCapturedBytes() {
        // §1.13: id 00000000 pad | size 20000000 pad | ring 1.5 | pad
        byte[] captured = hex("00000000 00000000 | 20000000 00000000 | 01000000 0500000000000000 | 00000000");
        assertArrayEquals(captured, bytes(SyncMessages.barrier(new RingId(1, 5))));
    }

    @Test
    public void barrierInsideItsTotempgPacketMatchesTheCapture() {
        // totempg 0000 0000 00 00 0100 2800 | group 0100 0400 "sync" | barrier
        List<byte[]> packets = new ArrayList<>();
        TotemPg pg = new TotemPg(1410, new PacketSink() {
            @Override
            public boolean send(ByteBuffer packet) {
                packets.add(bytes(packet));
                return true;
            }

            @Override
            public int free() {
                return 100;
            }
        });
        pg.mcast(TotemPgGroup.SYNC, SyncMessages.barrier(new RingId(1, 5)));
        pg.tokenReceived();
        byte[] expected = hex("0000 0000 00 00 0100 2800 | 0100 0400 73796e63"
                + "| 00000000 00000000 | 20000000 00000000 | 01000000 0500000000000000 | 00000000");
        assertEquals(1, packets.size());
        assertArrayEquals(expected, packets.get(0));
    }

    @Test
    public void serviceBuildLayout() {
        ByteBuffer b = SyncMessages.serviceBuild(new RingId(3, 0x0d), new int[] {0, 2, 3, 5});
        byte[] m = bytes(b);
        assertEquals(552, m.length);
        byte[] head = hex("01000000 00000000 | 28020000 00000000 | 03000000 0d00000000000000 | 00000000"
                + "| 04000000 00000000 | 00000000 02000000 03000000 05000000");
        for (int i = 0; i < head.length; i++) {
            assertEquals("byte " + i, head[i], m[i]);
        }
        for (int i = head.length; i < m.length; i++) {
            assertEquals("byte " + i, 0, m[i]);
        }
        assertEquals(SyncMessages.SERVICE_BUILD, SyncMessages.type(b));
        assertArrayEquals(new int[] {0, 2, 3, 5}, SyncMessages.serviceList(b));
        assertTrue(SyncMessages.isFor(b, new RingId(3, 0x0d)));
        assertFalse(SyncMessages.isFor(b, new RingId(3, 0x11)));
    }

    @Test
    public void readsRelativeToPositionAndIgnoresPadding() {
        byte[] m = hex("eeee 00000000 ffffffff 20000000 7f7f7f7f 01000000 0500000000000000 abababab");
        ByteBuffer b = ByteBuffer.wrap(m);
        b.position(2);
        assertEquals(SyncMessages.BARRIER, SyncMessages.type(b));
        assertTrue(SyncMessages.isFor(b, new RingId(1, 5)));
        assertEquals(2, b.position());
    }

    @Test
    public void wrongSizeIsMalformed() {
        ByteBuffer b = SyncMessages.barrier(new RingId(1, 5));
        b.putInt(8, 33);
        assertEquals(-1, SyncMessages.type(b));
        assertEquals(-1, SyncMessages.type(ByteBuffer.wrap(new byte[8])));
    }

    @Test
    public void execHeaderIsLittleEndianWithZeroPadding() {
        assertArrayEquals(hex("05000200 00000000 18000000 00000000"),
                bytes(ExecHeader.of(2, 5, 24)));
        ByteBuffer received = ByteBuffer.wrap(hex("05000200 ff7f0000 10000000 ff7f0000"));
        assertTrue(ExecHeader.isWellFormed(received));
        assertEquals(2, ExecHeader.serviceOf(ExecHeader.readId(received)));
        assertEquals(5, ExecHeader.fnOf(ExecHeader.readId(received)));
    }

    @Test
    public void resyncMessagesRoundTrip() {
        ByteBuffer r = ResyncMessages.request(new RingId(2, 8), new int[] {20, 33});
        assertEquals(ResyncMessages.REQUEST, ResyncMessages.type(r));
        assertArrayEquals(new int[] {20, 33}, ResyncMessages.services(r));
        ByteBuffer b = ResyncMessages.barrier(new RingId(2, 8), 3);
        assertEquals(ResyncMessages.BARRIER, ResyncMessages.type(b));
        assertEquals(3, ResyncMessages.round(b));
        assertEquals(-1, SyncMessages.type(b));
    }
}
