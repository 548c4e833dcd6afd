package io.chorus.api.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The little-endian encodings the Chorus protocols share: the library protocols between a client and its engine
 * (Chorus's own, in each service's {@code *Protocol}) and the exec messages between nodes (Corosync 3's, byte for
 * byte, in each engine's {@code *Wire}).
 *
 * <ul>
 * <li><i>counted</i> values: a u32 count, then that many items: u32s ({@link #getCountedInts}), bytes
 *     ({@link #getCountedBytes}), UTF-8 ({@link #getCountedString}), or records the caller reads after
 *     {@link #getCount}.</li>
 * <li><i>fixed names</i>: a C struct's name field, a u16 or u32 length then the value at a fixed offset, zero-filled
 *     to the field's capacity ({@link FixedName}; Corosync's {@link #CPG_NAME} and {@link #MAR_NAME}).</li>
 * </ul>
 *
 * <p>Decoders check a count or length against its limit and against the bytes there are <em>before</em> allocating
 * anything, and reject a bad one (above its limit, or longer than the bytes left) with an
 * {@link IllegalArgumentException} saying what was wrong; a message that ends inside a count or a length word throws
 * {@link BufferUnderflowException}, as {@link ByteBuffer} does.
 * Engines answer both with INVALID_PARAM (or drop the exec message), client libraries with MESSAGE_ERROR.
 */
public final class LittleEndian {

    /**
     * A name field of a C struct: a little-endian length of {@code lengthBytes} (2 or 4) at 0, the value at
     * {@code valueOffset}, room for {@code capacity} bytes of it; the bytes between and after are zero when sent.
     */
    public record FixedName(int lengthBytes, int valueOffset, int capacity) {

        public FixedName {
            if ((lengthBytes != 2 && lengthBytes != 4) || valueOffset < lengthBytes || capacity < 0) {
                throw new IllegalArgumentException("a " + lengthBytes + "-byte length with the value at " + valueOffset
                        + ", " + capacity + " bytes");
            }
        }

        /** The field's size in bytes. */
        public int size() {
            return valueOffset + capacity;
        }
    }

    /** {@code mar_cpg_name_t}, 136 bytes: u32 length, 4 bytes of padding, {@code value[128]} at 8. */
    public static final FixedName CPG_NAME = new FixedName(4, 8, 128);

    /** {@code mar_name_t}, 264 bytes: u16 length, 6 bytes of padding, {@code value[256]} at 8 (both aligned(8)). */
    public static final FixedName MAR_NAME = new FixedName(2, 8, 256);

    private LittleEndian() {
    }

    /** A zeroed little-endian heap buffer of {@code size} bytes. */
    public static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A little-endian view of {@code b}'s bytes with a position of its own (reading it leaves {@code b} as it was). */
    public static ByteBuffer view(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A fresh little-endian buffer holding the remaining bytes of each of {@code parts} in order, ready to read; the
     * parts are not consumed. For what must outlive a caller's buffers (kept, queued, or handed to another thread),
     * and for parts that must be one buffer: the bytes are copied once, straight into the result.
     */
    public static ByteBuffer copyOf(ByteBuffer... parts) {
        int total = 0;
        for (ByteBuffer b : parts) {
            total = Math.addExact(total, b.remaining());
        }
        ByteBuffer copy = allocate(total);
        for (ByteBuffer b : parts) {
            copy.put(b.duplicate());
        }
        return copy.flip();
    }

    /** {@code head} followed by the {@code rest}: the parts of a request whose body is a header and a message. */
    public static ByteBuffer[] prepend(ByteBuffer head, ByteBuffer... rest) {
        ByteBuffer[] parts = new ByteBuffer[rest.length + 1];
        parts[0] = head;
        System.arraycopy(rest, 0, parts, 1, rest.length);
        return parts;
    }

    /** The u32s {@code values}, ready to read. */
    public static ByteBuffer ints(int... values) {
        ByteBuffer b = allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.flip();
    }

    // ---- counted values: u32 count, then the items

    /**
     * Reads a u32 count of items of at least {@code minItemSize} bytes each. IllegalArgumentException when the count
     * is above {@code max} (as unsigned: 0xFFFFFFFF is above any max, never a negative count) or is more items than
     * the bytes left can hold; nothing has been allocated then.
     */
    public static int getCount(ByteBuffer b, int max, int minItemSize) {
        int n = b.getInt();
        if (Integer.compareUnsigned(n, max) > 0) {
            throw new IllegalArgumentException("count " + Integer.toUnsignedString(n) + " above the limit " + max);
        }
        if (minItemSize > 0 && n > b.remaining() / minItemSize) {
            throw new IllegalArgumentException("count " + n + " of " + minItemSize + "-byte items overruns the "
                    + b.remaining() + " bytes left");
        }
        return n;
    }

    /** A u32 count, then that many u32s; a count as {@link #getCount} rejects it is refused before allocating. */
    public static int[] getCountedInts(ByteBuffer b, int max) {
        int[] v = new int[getCount(b, max, 4)];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getInt();
        }
        return v;
    }

    public static ByteBuffer putCountedInts(ByteBuffer b, int[] values) {
        b.putInt(values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b;
    }

    /** What {@link #putCountedInts} writes: {@code 4 + 4 × n} bytes. */
    public static int countedIntsSize(int[] values) {
        return 4 + 4 * values.length;
    }

    /** A u32 length, then that many bytes, at most {@code max}; refused as {@link #getCount} says. */
    public static byte[] getCountedBytes(ByteBuffer b, int max) {
        byte[] v = new byte[getCount(b, max, 1)];
        b.get(v);
        return v;
    }

    /** {@link #getCountedBytes(ByteBuffer, int)} limited only by the bytes there are. */
    public static byte[] getCountedBytes(ByteBuffer b) {
        return getCountedBytes(b, Integer.MAX_VALUE);
    }

    public static ByteBuffer putCountedBytes(ByteBuffer b, byte[] value) {
        return b.putInt(value.length).put(value);
    }

    /** A u32 length, then that many bytes of UTF-8 ({@code max} counts bytes). */
    public static String getCountedString(ByteBuffer b, int max) {
        return new String(getCountedBytes(b, max), StandardCharsets.UTF_8);
    }

    /** {@link #getCountedString(ByteBuffer, int)} limited only by the bytes there are. */
    public static String getCountedString(ByteBuffer b) {
        return getCountedString(b, Integer.MAX_VALUE);
    }

    public static ByteBuffer putCountedString(ByteBuffer b, String s) {
        return putCountedBytes(b, s.getBytes(StandardCharsets.UTF_8));
    }

    /** What {@link #putCountedString} writes: 4 + the UTF-8 length of {@code s}. */
    public static int countedSize(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- fixed names of C structs: absolute, at is an index into the buffer and its position does not move

    /**
     * Writes {@code value} as the field {@code f} at index {@code at}: its length, zeros up to the value, the value,
     * zeros to the field's end (so the buffer need not be zeroed first). IllegalArgumentException, with nothing
     * written, when the value is longer than the field holds.
     */
    public static ByteBuffer putFixedName(ByteBuffer b, int at, FixedName f, byte[] value) {
        if (value.length > f.capacity()) {
            throw new IllegalArgumentException("a name of " + value.length + " bytes (the field holds " + f.capacity()
                    + ")");
        }
        if (f.lengthBytes() == 2) {
            b.putShort(at, (short) value.length);
        } else {
            b.putInt(at, value.length);
        }
        zero(b, at + f.lengthBytes(), at + f.valueOffset());
        b.put(at + f.valueOffset(), value);
        zero(b, at + f.valueOffset() + value.length, at + f.size());
        return b;
    }

    /**
     * The value of the field {@code f} at index {@code at}: as many bytes as its length says, from the value's
     * offset (the padding is never read: C nodes leave garbage in it). IllegalArgumentException when the length is
     * above the field's capacity or the value runs past {@code b}'s limit; BufferUnderflowException when the length
     * itself does.
     */
    public static byte[] getFixedName(ByteBuffer b, int at, FixedName f) {
        if (at < 0 || at + f.lengthBytes() > b.limit()) {
            throw new BufferUnderflowException();
        }
        int n = f.lengthBytes() == 2 ? Short.toUnsignedInt(b.getShort(at)) : b.getInt(at);
        if (Integer.compareUnsigned(n, f.capacity()) > 0) {
            throw new IllegalArgumentException("name length " + Integer.toUnsignedString(n) + " (the field holds "
                    + f.capacity() + ")");
        }
        int from = at + f.valueOffset();
        if (from + n > b.limit()) {
            throw new IllegalArgumentException("a name of " + n + " bytes at " + from + " overruns the "
                    + b.limit() + "-byte message");
        }
        byte[] v = new byte[n];
        b.get(from, v);
        return v;
    }

    /** Zeros for {@link #zero}: the largest padding a field has (MAR_NAME's 256-byte value). */
    private static final byte[] ZEROS = new byte[256];

    /** One bulk copy, not a put per byte: a CPG message header pads its group name on every send. */
    private static void zero(ByteBuffer b, int from, int to) {
        for (int at = from; at < to; at += ZEROS.length) {
            b.put(at, ZEROS, 0, Math.min(ZEROS.length, to - at));
        }
    }
}
