package io.chorus.totem.wire;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The commit token (type 4), 41 + 28·n bytes: circulates twice around the new ring in ascending nodeid order;
 * on the first rotation each member fills its entry (old ring, aru, high delivered, received flag).
 */
public final class CommitToken {

    public static final int BASE_SIZE = 41;
    public static final int ENTRY_SIZE = 24;

    public int nodeId;
    public int tokenSeq;
    public RingId ringId;
    public int retransFlg;
    public int membIndex;
    /** The new ring's members, ascending: the ring order. */
    public int[] addr;
    public final Entry[] entries;

    /** One member's report of the ring it comes from. */
    public static final class Entry {
        public RingId oldRing = new RingId(0, 0);
        public int aru;
        public int highDelivered;
        public int receivedFlg;
    }

    public CommitToken(RingId ringId, int[] addr) {
        this.ringId = ringId;
        this.addr = addr;
        this.entries = new Entry[addr.length];
        for (int i = 0; i < addr.length; i++) {
            entries[i] = new Entry();
        }
    }

    /** Decodes a commit token, or returns null when its lengths are inconsistent. */
    public static CommitToken decode(ByteBuffer packet, ByteOrder order) {
        int base = packet.position();
        int length = packet.remaining();
        if (length < BASE_SIZE) {
            return null;
        }
        ByteBuffer in = packet.order(order);
        int count = in.getInt(base + 37);
        int index = in.getInt(base + 33);
        if (count <= 0 || count > MembJoin.MAX_LIST || index < 0 || index > count
                || length < BASE_SIZE + count * (4 + ENTRY_SIZE)) {
            return null;
        }
        int[] addr = new int[count];
        for (int i = 0; i < count; i++) {
            addr[i] = in.getInt(base + BASE_SIZE + 4 * i);
        }
        CommitToken token = new CommitToken(RingIds.read(in, base + 17), addr);
        token.nodeId = in.getInt(base + 5);
        token.tokenSeq = in.getInt(base + 13);
        token.retransFlg = in.getInt(base + 29);
        token.membIndex = index;
        int entryBase = base + BASE_SIZE + 4 * count;
        for (int i = 0; i < count; i++, entryBase += ENTRY_SIZE) {
            Entry e = token.entries[i];
            e.oldRing = RingIds.read(in, entryBase);
            e.aru = in.getInt(entryBase + 12);
            e.highDelivered = in.getInt(entryBase + 16);
            e.receivedFlg = in.getInt(entryBase + 20);
        }
        return token;
    }

    public int encodedSize() {
        return BASE_SIZE + addr.length * (4 + ENTRY_SIZE);
    }

    public void encode(ByteBuffer out) {
        out.clear();
        TotemHeader.write(out, MessageType.MEMB_COMMIT_TOKEN, (byte) 0, nodeId);
        out.putInt(tokenSeq);
        out.putInt(ringId.rep()).putLong(ringId.seq());
        out.putInt(retransFlg).putInt(membIndex).putInt(addr.length);
        for (int id : addr) {
            out.putInt(id);
        }
        for (Entry e : entries) {
            out.putInt(e.oldRing.rep()).putLong(e.oldRing.seq()).putInt(e.aru).putInt(e.highDelivered)
                    .putInt(e.receivedFlg);
        }
        out.flip();
    }
}
