package io.chorus.totem.wire;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.Test;

/**
 * Byte-exact checks against packets captured from Corosync 3.1.7 (corosync-wire.md §1.2 and §1.13). The
 * target_nodeid field holds garbage in the captures: decoders ignore it, encoders write 0.
 */
public class CapturedPacketsTest {

    private static final String JOIN_45 = "70c0 03 03 00 | 01000000 | 00000000 | 01000000 | 03000000 | 00000000"
            + " | 0900000000000000 | 01000000 02000000 03000000";

    private static final String COMMIT_125 = "70c0 03 04 00 | 01000000 | 00000000 | 01000000 | 01000000 0d00000000000000"
            + " | 00000000 | 01000000 | 03000000 | 01000000 02000000 03000000"
            + " | 01000000 0900000000000000 0f000000 0f000000 01000000"
            + " | 000000000000000000000000 00000000 00000000 00000000"
            + " | 000000000000000000000000 00000000 00000000 00000000";

    private static final String MERGE_DETECT = "70c0 03 02 00 | 01000000 | cbd41125 | 01000000 | 01000000 0500000000000000";

    private static final String FIRST_TOKEN = "70c0 03 00 00 | 01000000 | 00000002 | 00000000 | 00000000 | ffffffff"
            + " | 01000000 | 01000000 0900000000000000 | 00000000 00000000 00000000 00000000";

    @Test
    public void joinDecodesAndReencodesByteForByte() {
        ByteBuffer packet = Hex.bytes(JOIN_45);
        assertEquals(45, packet.remaining());
        ByteOrder order = TotemHeader.orderOf(packet);
        assertEquals(ByteOrder.LITTLE_ENDIAN, order);
        MembJoin join = MembJoin.decode(packet, order);
        assertNotNull(join);
        assertEquals(1, join.systemFrom());
        assertEquals(9, join.ringSeq());
        assertArrayEquals(new int[] {1, 2, 3}, join.procList());
        assertArrayEquals(new int[0], join.failedList());
        assertFalse(join.isLeave());
        ByteBuffer out = ByteBuffer.allocate(100);
        join.encode(out);
        assertEquals(Hex.of(Hex.bytes(JOIN_45)), Hex.of(out));
    }

    @Test
    public void commitTokenDecodesAndReencodesByteForByte() {
        ByteBuffer packet = Hex.bytes(COMMIT_125);
        assertEquals(125, packet.remaining());
        CommitToken token = CommitToken.decode(packet, TotemHeader.orderOf(packet));
        assertNotNull(token);
        assertEquals(1, token.tokenSeq);
        assertEquals(new RingId(1, 0xd), token.ringId);
        assertEquals(1, token.membIndex);
        assertArrayEquals(new int[] {1, 2, 3}, token.addr);
        assertEquals(new RingId(1, 9), token.entries[0].oldRing);
        assertEquals(0x0f, token.entries[0].aru);
        assertEquals(0x0f, token.entries[0].highDelivered);
        assertEquals(1, token.entries[0].receivedFlg);
        assertEquals(125, token.encodedSize());
        ByteBuffer out = ByteBuffer.allocate(200);
        token.encode(out);
        assertEquals(Hex.of(Hex.bytes(COMMIT_125)), Hex.of(out));
    }

    @Test
    public void mergeDetectIgnoresTheGarbageTargetAndWritesZero() {
        ByteBuffer packet = Hex.bytes(MERGE_DETECT);
        MergeDetect detect = MergeDetect.decode(packet, TotemHeader.orderOf(packet));
        assertEquals(new MergeDetect(1, new RingId(1, 5)), detect);
        ByteBuffer out = ByteBuffer.allocate(64);
        detect.encode(out);
        assertEquals(Hex.of(Hex.bytes(MERGE_DETECT.replace("cbd41125", "00000000"))), Hex.of(out));
    }

    @Test
    public void firstTokenOfANewRing() {
        ByteBuffer packet = Hex.bytes(FIRST_TOKEN);
        assertEquals(57, packet.remaining());
        OrfToken token = new OrfToken();
        assertTrue(token.decode(packet, TotemHeader.orderOf(packet)));
        assertEquals(0, token.seq);
        assertEquals(0, token.tokenSeq);
        assertEquals(0xFFFFFFFF, token.aru);
        assertEquals(1, token.aruAddr);
        assertTrue(token.isOnRing(new RingId(1, 9)));
        assertEquals(0, token.rtrCount);
        ByteBuffer out = ByteBuffer.allocate(OrfToken.MAX_SIZE);
        token.encode(out);
        assertEquals(Hex.of(Hex.bytes(FIRST_TOKEN.replace("00000002", "00000000"))), Hex.of(out));
    }

    @Test
    public void tokenWithRetransmitRequestsRoundTrips() {
        OrfToken token = new OrfToken();
        token.nodeId = 2;
        token.seq = 100;
        token.setRing(new RingId(1, 13));
        token.addRtr(new RingId(1, 13), 97);
        token.addRtr(new RingId(1, 13), 99);
        ByteBuffer out = ByteBuffer.allocate(OrfToken.MAX_SIZE);
        token.encode(out);
        assertEquals(57 + 32, out.remaining());
        OrfToken back = new OrfToken();
        assertTrue(back.decode(out, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, back.rtrCount);
        assertEquals(97, back.rtrSeq[0]);
        assertEquals(99, back.rtrSeq[1]);
        back.removeRtr(0);
        assertEquals(1, back.rtrCount);
        assertEquals(99, back.rtrSeq[0]);
    }

    @Test
    public void aBigEndianSenderIsRecognisedAndDecoded() {
        ByteBuffer packet = ByteBuffer.allocate(MergeDetect.SIZE).order(ByteOrder.BIG_ENDIAN);
        packet.putShort((short) 0xC070).put((byte) 3).put((byte) 2).put((byte) 0).putInt(7).putInt(0);
        packet.putInt(7).putInt(7).putLong(21);
        packet.flip();
        ByteOrder order = TotemHeader.orderOf(packet);
        assertEquals(ByteOrder.BIG_ENDIAN, order);
        assertEquals(new MergeDetect(7, new RingId(7, 21)), MergeDetect.decode(packet, order));
    }

    @Test
    public void malformedPacketsAreRecognisedNotThrown() {
        assertNull("too short", TotemHeader.orderOf(ByteBuffer.wrap(new byte[5])));
        assertNull("bad magic", TotemHeader.orderOf(Hex.bytes("ffff 03 00 00 00000000 00000000")));
        assertNull("corosync 2 version", TotemHeader.orderOf(Hex.bytes("70c0 02 00 00 00000000 00000000")));
        assertNull("unknown type", TotemHeader.orderOf(Hex.bytes("70c0 03 09 00 00000000 00000000")));
        ByteBuffer truncatedJoin = Hex.bytes(JOIN_45.substring(0, JOIN_45.length() - 9));
        assertNull(MembJoin.decode(truncatedJoin, ByteOrder.LITTLE_ENDIAN));
        ByteBuffer hugeCounts = Hex.bytes(JOIN_45.replace("| 03000000 |", "| ffffff7f |"));
        assertNull(MembJoin.decode(hugeCounts, ByteOrder.LITTLE_ENDIAN));
        ByteBuffer shortCommit = Hex.bytes(COMMIT_125.substring(0, 120));
        assertNull(CommitToken.decode(shortCommit, ByteOrder.LITTLE_ENDIAN));
        ByteBuffer tokenClaimingRtr = Hex.bytes(FIRST_TOKEN.replaceAll("00000000$", "05000000"));
        assertFalse(new OrfToken().decode(tokenClaimingRtr, ByteOrder.LITTLE_ENDIAN));
    }
}
