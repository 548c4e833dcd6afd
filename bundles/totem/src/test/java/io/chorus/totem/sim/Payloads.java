package io.chorus.totem.sim;

import io.chorus.totem.evs.MessageId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Self-describing application payloads: every byte is a function of the message id, so a delivered
 * payload names its message and proves it arrived intact.
 *
 * <pre>
 * 0  int  MAGIC
 * 4  int  sender nodeid
 * 8  int  sender incarnation
 * 12 long per-incarnation counter
 * 20 int  total length
 * 24 ...  filler derived from the id
 * </pre>
 */
final class Payloads {

    static final int HEADER = 24;
    private static final int MAGIC = 0x43484f52; // "CHOR"

    private Payloads() {
    }

    static byte[] encode(MessageId id, int length) {
        int size = Math.max(HEADER, length);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(id.nodeId()).putInt(id.incarnation()).putLong(id.counter()).putInt(size);
        int fill = filler(id);
        for (int i = HEADER; i < size; i++) {
            b.put((byte) (fill + i * 31));
        }
        return b.array();
    }

    /** The id a payload names, or null when it is not one of ours at all. */
    static MessageId idOf(ByteBuffer payload) {
        ByteBuffer b = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < HEADER || b.getInt(b.position()) != MAGIC) {
            return null;
        }
        int p = b.position();
        return new MessageId(b.getInt(p + 4), b.getInt(p + 8), b.getLong(p + 12));
    }

    /** True when every byte is what {@link #encode} wrote for this id. */
    static boolean intact(ByteBuffer payload, MessageId id) {
        ByteBuffer b = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = b.position();
        int size = b.remaining();
        if (size < HEADER || b.getInt(p + 20) != size) {
            return false;
        }
        int fill = filler(id);
        for (int i = HEADER; i < size; i++) {
            if (b.get(p + i) != (byte) (fill + i * 31)) {
                return false;
            }
        }
        return true;
    }

    private static int filler(MessageId id) {
        return (int) (id.nodeId() * 0x9E3779B1L + id.incarnation() * 31L + id.counter() * 0x85EBCA6BL);
    }
}
