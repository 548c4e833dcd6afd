package io.chorus.totem.wire;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** MEMB_MERGE_DETECT (type 2), 29 bytes: the idle representative announces its ring to find other rings. */
public record MergeDetect(int systemFrom, RingId ringId) {

    public static final int SIZE = 29;

    public static MergeDetect decode(ByteBuffer packet, ByteOrder order) {
        if (packet.remaining() < SIZE) {
            return null;
        }
        int base = packet.position();
        ByteBuffer in = packet.order(order);
        return new MergeDetect(in.getInt(base + 13), RingIds.read(in, base + 17));
    }

    public void encode(ByteBuffer out) {
        out.clear();
        TotemHeader.write(out, MessageType.MEMB_MERGE_DETECT, (byte) 0, systemFrom);
        out.putInt(systemFrom).putInt(ringId.rep()).putLong(ringId.seq());
        out.flip();
    }
}
