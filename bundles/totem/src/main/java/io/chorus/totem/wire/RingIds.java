package io.chorus.totem.wire;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;

/** {@code struct memb_ring_id}: u32 rep then u64 seq, 12 bytes, packed. */
public final class RingIds {

    public static final int SIZE = 12;

    private RingIds() {
    }

    public static RingId read(ByteBuffer in, int offset) {
        return new RingId(in.getInt(offset), in.getLong(offset + 4));
    }

    public static void write(ByteBuffer out, int offset, RingId id) {
        out.putInt(offset, id.rep());
        out.putLong(offset + 4, id.seq());
    }

    public static boolean equalsAt(ByteBuffer in, int offset, RingId id) {
        return in.getInt(offset) == id.rep() && in.getLong(offset + 4) == id.seq();
    }
}
