package io.chorus.totem.wire;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;

/**
 * A multicast message (type 1): a 45-byte header then the payload — a totempg packet, or in recovery a whole
 * encapsulated MCAST of the old ring. Read and written in place (flyweight accessors), so messages stay in
 * the buffers they arrived in and nothing is allocated per message.
 */
public final class Mcast {

    public static final int HEADER_SIZE = 45;
    private static final int SYSTEM_FROM = 13;
    private static final int SEQ = 17;
    private static final int THIS_SEQNO = 21;
    private static final int RING_ID = 25;
    private static final int NODE_ID = 37;
    private static final int GUARANTEE = 41;

    private Mcast() {
    }

    /** The buffer must be in the sender's order, positioned at the header; absolute offsets from {@code base}. */
    public static int systemFrom(ByteBuffer m, int base) {
        return m.getInt(base + SYSTEM_FROM);
    }

    public static int seq(ByteBuffer m, int base) {
        return m.getInt(base + SEQ);
    }

    public static boolean isEncapsulated(ByteBuffer m, int base) {
        return m.get(base + TotemHeader.OFFSET_ENCAPSULATED) == TotemHeader.ENCAPSULATED;
    }

    public static int senderNodeId(ByteBuffer m, int base) {
        return m.getInt(base + TotemHeader.OFFSET_NODEID);
    }

    public static boolean isOnRing(ByteBuffer m, int base, RingId ring) {
        return RingIds.equalsAt(m, base + RING_ID, ring);
    }

    /**
     * Writes a complete MCAST header at absolute offset {@code base} (little-endian buffer); the payload is
     * expected at {@code base + HEADER_SIZE}.
     */
    public static void writeHeader(ByteBuffer m, int base, byte encapsulated, int nodeId, int seq, int thisSeqno,
            RingId ring) {
        m.putShort(base, TotemHeader.MAGIC);
        m.put(base + 2, TotemHeader.VERSION);
        m.put(base + TotemHeader.OFFSET_TYPE, MessageType.MCAST.code());
        m.put(base + TotemHeader.OFFSET_ENCAPSULATED, encapsulated);
        m.putInt(base + TotemHeader.OFFSET_NODEID, nodeId);
        m.putInt(base + 9, 0);
        m.putInt(base + SYSTEM_FROM, nodeId);
        m.putInt(base + SEQ, seq);
        m.putInt(base + THIS_SEQNO, thisSeqno);
        RingIds.write(m, base + RING_ID, ring);
        m.putInt(base + NODE_ID, 0);
        m.putInt(base + GUARANTEE, 0);
    }

    /** Sets the sequence number and ring of a queued message when the token lets it go out. */
    public static void stamp(ByteBuffer m, int base, int seq, int thisSeqno, RingId ring) {
        m.putInt(base + SEQ, seq);
        m.putInt(base + THIS_SEQNO, thisSeqno);
        RingIds.write(m, base + RING_ID, ring);
    }
}
