package io.chorus.api.ckpt;

import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The CKPT library protocol between {@link CkptClient} and the ckpt engine (Chorus's own). Little-endian;
 * <i>bytes</i> is {@code u32 length, bytes}; a <i>string</i> is bytes of UTF-8; <i>attrs</i> is {@code u32
 * creation flags, u64 checkpoint size, u64 retention (ns), u32 max sections, u64 max section size, u64 max section
 * id size}; a <i>handle</i> is the u64 the engine gave an open checkpoint. Responses start with the status word.
 *
 * <pre>
 * requests                  body                                                      OK payload
 *  0 INITIALIZE             u32 release, u32 major, u32 minor                         u32 release, major, minor
 *  1 OPEN                   string name, u32 flags, u32 has attrs, attrs?             u64 handle
 *  2 OPEN_ASYNC             u64 invocation, then as OPEN                              - (callback OPEN follows)
 *  3 CLOSE                  u64 handle                                                -
 *  4 UNLINK                 string name                                               -
 *  5 RETENTION_SET          u64 handle, u64 ns                                        -
 *  6 STATUS_GET             u64 handle                                                attrs, u32 sections, u64 memory
 *  7 SECTION_CREATE         u64 handle, bytes id, u64 expiration, bytes data          -
 *  8 SECTION_DELETE         u64 handle, bytes id                                      -
 *  9 SECTION_EXPIRATION_SET u64 handle, bytes id, u64 expiration                      -
 * 10 WRITE                  u64 handle, u32 n, n × (bytes id, u64 offset, bytes data)  -
 * 11 READ                   u64 handle, u32 n, n × (bytes id, u64 offset, u32 size)    u32 n, n × bytes
 * 12 SECTION_OVERWRITE      u64 handle, bytes id, bytes data                          -
 * 13 ITERATION_INITIALIZE   u64 handle, u32 selection, u64 time                       u64 iterator
 * 14 ITERATION_NEXT         u64 iterator                                              descriptor
 * 15 ITERATION_FINALIZE     u64 iterator                                              -
 *
 * descriptor: bytes id, u64 expiration, u64 size, u32 state, u64 last update
 * callbacks
 *  0 OPEN                   u64 invocation, u32 error, u64 handle, u32 flags
 * </pre>
 */
public final class CkptProtocol {

    public static final int INITIALIZE = 0;
    public static final int OPEN = 1;
    public static final int OPEN_ASYNC = 2;
    public static final int CLOSE = 3;
    public static final int UNLINK = 4;
    public static final int RETENTION_SET = 5;
    public static final int STATUS_GET = 6;
    public static final int SECTION_CREATE = 7;
    public static final int SECTION_DELETE = 8;
    public static final int SECTION_EXPIRATION_SET = 9;
    public static final int WRITE = 10;
    public static final int READ = 11;
    public static final int SECTION_OVERWRITE = 12;
    public static final int ITERATION_INITIALIZE = 13;
    public static final int ITERATION_NEXT = 14;
    public static final int ITERATION_FINALIZE = 15;

    public static final int CB_OPEN = 0;

    /** B.01.01: the only version implemented (the minor is not checked, services.md §1.1). */
    public static final char RELEASE = 'B';
    public static final int MAJOR = 1;
    public static final int MINOR = 1;

    private CkptProtocol() {
    }

    /** A little-endian writer that grows as needed. */
    public static final class Out {
        private ByteBuffer b = LittleEndian.allocate(64);

        private Out room(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = LittleEndian.allocate(Math.max(b.capacity() * 2, b.position() + n));
                b.flip();
                bigger.put(b);
                b = bigger;
            }
            return this;
        }

        public Out i32(int v) {
            room(4).b.putInt(v);
            return this;
        }

        public Out i64(long v) {
            room(8).b.putLong(v);
            return this;
        }

        public Out bytes(byte[] v) {
            LittleEndian.putCountedBytes(room(4 + v.length).b, v);
            return this;
        }

        public Out string(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        public Out id(CkptSectionId id) {
            return bytes(id.bytes());
        }

        public Out attrs(CkptCreationAttributes a) {
            return i32(a.creationFlags()).i64(a.checkpointSize()).i64(a.retentionDuration()).i32(a.maxSections())
                    .i64(a.maxSectionSize()).i64(a.maxSectionIdSize());
        }

        public ByteBuffer done() {
            ByteBuffer out = b.duplicate().flip();
            return out.slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    public static Out out() {
        return new Out();
    }

    /** <i>bytes</i>: IllegalArgumentException when the length is beyond the message. */
    public static byte[] getBytes(ByteBuffer b) {
        return LittleEndian.getCountedBytes(b);
    }

    public static String getString(ByteBuffer b) {
        return LittleEndian.getCountedString(b);
    }

    public static CkptSectionId getId(ByteBuffer b) {
        return CkptSectionId.of(getBytes(b));
    }

    public static CkptCreationAttributes getAttrs(ByteBuffer b) {
        return new CkptCreationAttributes(b.getInt(), b.getLong(), b.getLong(), b.getInt(), b.getLong(), b.getLong());
    }

    public static void putDescriptor(Out o, CkptSectionDescriptor d) {
        o.id(d.sectionId()).i64(d.expirationTime()).i64(d.sectionSize()).i32(d.sectionState()).i64(d.lastUpdate());
    }

    public static CkptSectionDescriptor getDescriptor(ByteBuffer b) {
        return new CkptSectionDescriptor(getId(b), b.getLong(), b.getLong(), b.getInt(), b.getLong());
    }

    /** The open request's body after any invocation. */
    public static Out open(Out o, String name, CkptCreationAttributes attrs, int flags) {
        o.string(name).i32(flags).i32(attrs == null ? 0 : 1);
        return attrs == null ? o : o.attrs(attrs);
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
