package io.chorus.totem.wire;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ordering token (type 0), 57 + 16·n bytes: it carries the ring's sequence counter, the all-received-up-to
 * mark, flow-control totals and up to 30 retransmission requests around the ring. A node keeps one instance
 * and decodes every token into it, so the token path allocates nothing.
 */
public final class OrfToken {

    public static final int BASE_SIZE = 57;
    public static final int RTR_ENTRY_SIZE = 16;
    /** RETRANSMIT_ENTRIES_MAX; Corosync 3.1.10+ drops tokens with more. */
    public static final int MAX_RTR_ENTRIES = 30;
    public static final int MAX_SIZE = BASE_SIZE + MAX_RTR_ENTRIES * RTR_ENTRY_SIZE;

    public int nodeId;
    public int seq;
    public int tokenSeq;
    public int aru;
    public int aruAddr;
    public int ringRep;
    public long ringSeq;
    public int backlog;
    public int fcc;
    public int retransFlg;
    public int rtrCount;
    public final int[] rtrRep = new int[MAX_RTR_ENTRIES];
    public final long[] rtrRingSeq = new long[MAX_RTR_ENTRIES];
    public final int[] rtrSeq = new int[MAX_RTR_ENTRIES];

    public boolean isOnRing(RingId ring) {
        return ring.matches(ringRep, ringSeq);
    }

    public void setRing(RingId ring) {
        ringRep = ring.rep();
        ringSeq = ring.seq();
    }

    /** Decodes {@code packet} (positioned at the header, in {@code order}); false when its lengths are wrong. */
    public boolean decode(ByteBuffer packet, ByteOrder order) {
        int base = packet.position();
        int length = packet.remaining();
        if (length < BASE_SIZE) {
            return false;
        }
        ByteBuffer in = packet.order(order);
        int entries = in.getInt(base + 53);
        if (entries < 0 || entries > MAX_RTR_ENTRIES || length < BASE_SIZE + entries * RTR_ENTRY_SIZE) {
            return false;
        }
        nodeId = in.getInt(base + 5);
        seq = in.getInt(base + 13);
        tokenSeq = in.getInt(base + 17);
        aru = in.getInt(base + 21);
        aruAddr = in.getInt(base + 25);
        ringRep = in.getInt(base + 29);
        ringSeq = in.getLong(base + 33);
        backlog = in.getInt(base + 41);
        fcc = in.getInt(base + 45);
        retransFlg = in.getInt(base + 49);
        rtrCount = entries;
        for (int i = 0; i < entries; i++) {
            int entry = base + BASE_SIZE + i * RTR_ENTRY_SIZE;
            rtrRep[i] = in.getInt(entry);
            rtrRingSeq[i] = in.getLong(entry + 4);
            rtrSeq[i] = in.getInt(entry + 12);
        }
        return true;
    }

    public int encodedSize() {
        return BASE_SIZE + rtrCount * RTR_ENTRY_SIZE;
    }

    /** Writes the token at the buffer's position, little-endian, and flips the buffer for sending. */
    public void encode(ByteBuffer out) {
        out.clear();
        TotemHeader.write(out, MessageType.ORF_TOKEN, (byte) 0, nodeId);
        out.putInt(seq).putInt(tokenSeq).putInt(aru).putInt(aruAddr).putInt(ringRep).putLong(ringSeq)
                .putInt(backlog).putInt(fcc).putInt(retransFlg).putInt(rtrCount);
        for (int i = 0; i < rtrCount; i++) {
            out.putInt(rtrRep[i]).putLong(rtrRingSeq[i]).putInt(rtrSeq[i]);
        }
        out.flip();
    }

    /** Removes retransmission request {@code index}, keeping the others in order. */
    public void removeRtr(int index) {
        int tail = rtrCount - index - 1;
        System.arraycopy(rtrRep, index + 1, rtrRep, index, tail);
        System.arraycopy(rtrRingSeq, index + 1, rtrRingSeq, index, tail);
        System.arraycopy(rtrSeq, index + 1, rtrSeq, index, tail);
        rtrCount--;
    }

    public boolean addRtr(RingId ring, int missingSeq) {
        if (rtrCount == MAX_RTR_ENTRIES) {
            return false;
        }
        rtrRep[rtrCount] = ring.rep();
        rtrRingSeq[rtrCount] = ring.seq();
        rtrSeq[rtrCount] = missingSeq;
        rtrCount++;
        return true;
    }

    public boolean rtrListed(int missingSeq) {
        for (int i = 0; i < rtrCount; i++) {
            if (rtrSeq[i] == missingSeq) {
                return true;
            }
        }
        return false;
    }
}
