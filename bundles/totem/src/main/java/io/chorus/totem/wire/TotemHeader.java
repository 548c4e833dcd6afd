package io.chorus.totem.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 13-byte header every totem message starts with: magic, version, type, encapsulated, nodeid and an
 * unused target nodeid (C leaves it uninitialised, so it is written as 0 and never read).
 */
public final class TotemHeader {

    public static final int SIZE = 13;
    public static final short MAGIC = (short) 0xC070;
    /** The magic as a little-endian reader sees a big-endian sender's bytes. */
    private static final short MAGIC_SWAPPED = (short) 0x70C0;
    public static final byte VERSION = 3;

    public static final int OFFSET_TYPE = 3;
    public static final int OFFSET_ENCAPSULATED = 4;
    public static final int OFFSET_NODEID = 5;

    public static final byte ENCAPSULATED = 1;
    public static final byte NOT_ENCAPSULATED = 2;

    private TotemHeader() {
    }

    /**
     * The byte order the sender wrote {@code packet} in, or {@code null} when it is no totem packet of a
     * version we speak (too short, unknown magic or version, unknown type).
     */
    public static ByteOrder orderOf(ByteBuffer packet) {
        if (packet.remaining() < SIZE) {
            return null;
        }
        int start = packet.position();
        // read byte by byte: no view of the packet per datagram, and the caller's buffer keeps its order
        short magic = (short) ((packet.get(start) & 0xff) | (packet.get(start + 1) << 8));
        ByteOrder order;
        if (magic == MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (magic == MAGIC_SWAPPED) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            return null;
        }
        if (packet.get(start + 2) != VERSION || MessageType.of(packet.get(start + OFFSET_TYPE)) == null) {
            return null;
        }
        return order;
    }

    /** Writes the header at the buffer's position (little-endian) and advances past it. */
    public static void write(ByteBuffer out, MessageType type, byte encapsulated, int nodeId) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putShort(MAGIC);
        out.put(VERSION);
        out.put(type.code());
        out.put(encapsulated);
        out.putInt(nodeId);
        out.putInt(0);
    }

    public static MessageType typeOf(ByteBuffer packet) {
        return MessageType.of(packet.get(packet.position() + OFFSET_TYPE));
    }

    /** The sender's nodeid, {@code order} being what {@link #orderOf} said of {@code packet}. */
    public static int nodeIdOf(ByteBuffer packet, ByteOrder order) {
        int asRead = packet.getInt(packet.position() + OFFSET_NODEID);
        return packet.order() == order ? asRead : Integer.reverseBytes(asRead);
    }
}
