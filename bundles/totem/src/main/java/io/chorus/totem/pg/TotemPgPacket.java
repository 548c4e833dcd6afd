package io.chorus.totem.pg;

import java.nio.ByteBuffer;

/**
 * The totempg packet layout (corosync-wire.md §1.8), all little-endian:
 * {@code i16 version=0, i16 type=0, u8 fragmented, u8 continuation, u16 msg_count, u16 msg_len[msg_count]},
 * then the messages concatenated. Reads go byte by byte so the buffer's own byte order never matters.
 */
final class TotemPgPacket {

    static final int VERSION = 0;
    static final int TYPE = 2;
    static final int FRAGMENTED = 4;
    static final int CONTINUATION = 5;
    static final int MSG_COUNT = 6;
    /** Fixed header; the length array follows. */
    static final int HEADER = 8;
    /** Each message costs its u16 length entry on top of its bytes. */
    static final int LENGTH_ENTRY = 2;
    /** Fragment ids run 1..255; 0 means "not fragmented". */
    static final int MAX_FRAGMENT_ID = 255;

    private TotemPgPacket() {
    }

    static int u8(ByteBuffer b, int index) {
        return b.get(index) & 0xFF;
    }

    static int u16(ByteBuffer b, int index) {
        return (b.get(index) & 0xFF) | (b.get(index + 1) & 0xFF) << 8;
    }

    static void putU16(byte[] a, int index, int value) {
        a[index] = (byte) value;
        a[index + 1] = (byte) (value >>> 8);
    }
}
