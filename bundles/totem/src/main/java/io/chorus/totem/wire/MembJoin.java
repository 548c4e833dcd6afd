package io.chorus.totem.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A membership join (type 3), 33 + 4·(p+f) bytes: the sender's candidate processor list and failed list
 * (unsorted, compared as sets) and its current ring sequence. A LEAVE is a join whose header nodeid is 0.
 *
 * @param headerNodeId 0 for a LEAVE, else the sender
 */
public record MembJoin(int headerNodeId, int systemFrom, long ringSeq, int[] procList, int[] failedList) {

    public static final int BASE_SIZE = 33;
    /** PROCESSOR_COUNT_MAX of Debian's build; 3.1.10+ drops joins with longer lists. */
    public static final int MAX_LIST = 384;

    public boolean isLeave() {
        return headerNodeId == 0;
    }

    /** Decodes a join, or returns null when its lengths are inconsistent. */
    public static MembJoin decode(ByteBuffer packet, ByteOrder order) {
        int base = packet.position();
        int length = packet.remaining();
        if (length < BASE_SIZE) {
            return null;
        }
        ByteBuffer in = packet.order(order);
        int procCount = in.getInt(base + 17);
        int failedCount = in.getInt(base + 21);
        if (procCount < 0 || failedCount < 0 || procCount > MAX_LIST || failedCount > MAX_LIST
                || length < BASE_SIZE + 4 * (procCount + failedCount)) {
            return null;
        }
        int[] proc = new int[procCount];
        int[] failed = new int[failedCount];
        int at = base + BASE_SIZE;
        for (int i = 0; i < procCount; i++, at += 4) {
            proc[i] = in.getInt(at);
        }
        for (int i = 0; i < failedCount; i++, at += 4) {
            failed[i] = in.getInt(at);
        }
        return new MembJoin(in.getInt(base + 5), in.getInt(base + 13), in.getLong(base + 25), proc, failed);
    }

    public void encode(ByteBuffer out) {
        out.clear();
        TotemHeader.write(out, MessageType.MEMB_JOIN, (byte) 0, headerNodeId);
        out.putInt(systemFrom).putInt(procList.length).putInt(failedList.length).putLong(ringSeq);
        for (int id : procList) {
            out.putInt(id);
        }
        for (int id : failedList) {
            out.putInt(id);
        }
        out.flip();
    }

    public int encodedSize() {
        return BASE_SIZE + 4 * (procList.length + failedList.length);
    }
}
