package io.chorus.totem.wire;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** TOKEN_HOLD_CANCEL (type 5), 25 bytes: "I have messages": the representative releases a held token at once. */
public record TokenHoldCancel(int nodeId, RingId ringId) {

    public static final int SIZE = 25;

    public static TokenHoldCancel decode(ByteBuffer packet, ByteOrder order) {
        if (packet.remaining() < SIZE) {
            return null;
        }
        int base = packet.position();
        ByteBuffer in = packet.order(order);
        return new TokenHoldCancel(in.getInt(base + 5), RingIds.read(in, base + 13));
    }

    public void encode(ByteBuffer out) {
        out.clear();
        TotemHeader.write(out, MessageType.TOKEN_HOLD_CANCEL, (byte) 0, nodeId);
        out.putInt(ringId.rep()).putLong(ringId.seq());
        out.flip();
    }
}
