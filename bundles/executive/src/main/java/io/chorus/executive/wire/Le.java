package io.chorus.executive.wire;

import java.nio.ByteBuffer;

/**
 * Little-endian reads at absolute offsets of a buffer whose byte order we must not touch (delivered
 * messages are shared windows onto a packet), without allocating a view.
 */
final class Le {

    private Le() {
    }

    static int i32(ByteBuffer b, int at) {
        return (b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | (b.get(at + 2) & 0xFF) << 16
                | (b.get(at + 3) & 0xFF) << 24;
    }

    static long i64(ByteBuffer b, int at) {
        return (i32(b, at) & 0xFFFF_FFFFL) | (long) i32(b, at + 4) << 32;
    }
}
