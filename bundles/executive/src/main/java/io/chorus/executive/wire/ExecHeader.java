package io.chorus.executive.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 16-byte header in front of every exec message of group {@code "a"} (corosync-wire.md §1.9, libqb's
 * {@code qb_ipc_request_header}): {@code 0 i32 id = (service << 16) | fn}, {@code 4 pad},
 * {@code 8 i32 size} (whole message, header included), {@code 12 pad}. Little-endian; padding is zeroed on
 * send and never read (C nodes leave garbage in it).
 */
public final class ExecHeader {

    public static final int SIZE = 16;
    public static final int MAX_FN = 0xFFFF;

    private ExecHeader() {
    }

    public static int id(int service, int fn) {
        if (fn < 0 || fn > MAX_FN) {
            throw new IllegalArgumentException("fn " + fn + " outside 0.." + MAX_FN);
        }
        return service << 16 | fn;
    }

    public static int serviceOf(int id) {
        return id >>> 16;
    }

    public static int fnOf(int id) {
        return id & MAX_FN;
    }

    /** Writes a header for a message of {@code totalSize} bytes into {@code dst} (16 bytes from index 0). */
    public static ByteBuffer write(ByteBuffer dst, int service, int fn, int totalSize) {
        dst.clear();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        dst.putInt(0, id(service, fn)).putInt(4, 0).putInt(8, totalSize).putInt(12, 0);
        dst.limit(SIZE);
        return dst;
    }

    /** A fresh header buffer. */
    public static ByteBuffer of(int service, int fn, int totalSize) {
        return write(ByteBuffer.allocate(SIZE), service, fn, totalSize);
    }

    /** The id of the message starting at {@code message.position()}. */
    public static int readId(ByteBuffer message) {
        return Le.i32(message, message.position());
    }

    public static int readSize(ByteBuffer message) {
        return Le.i32(message, message.position() + 8);
    }

    /** Whether the message is long enough for a header and its size field equals its length. */
    public static boolean isWellFormed(ByteBuffer message) {
        return message.remaining() >= SIZE && readSize(message) == message.remaining();
    }
}
