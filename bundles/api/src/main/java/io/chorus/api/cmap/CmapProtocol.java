package io.chorus.api.cmap;

import static io.chorus.api.wire.LittleEndian.allocate;

import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;

/**
 * The cmap library protocol (Chorus's own). Little-endian; a <i>key</i> is {@code u32 length, UTF-8 bytes}; a
 * <i>value</i> is {@code u32 type, u32 length, bytes} (type 0 NOT_EXIST: no value). Responses start with the
 * status word.
 *
 * <pre>
 * requests            body                    OK payload
 *  0 SET              key, value              -         (outside runtime.*: cluster-wide, ordered)
 *  1 GET              key                     value     (NOT_EXIST when absent)
 *  2 DELETE           key                     -
 *  3 ITER             key (prefix)            u32 n, n × (key, value), keys ascending
 *  4 TRACK_ADD        key, u32 flags          u64 track handle
 *  5 TRACK_DELETE     u64 track handle        -
 * callbacks
 *  0 NOTIFY           u64 track handle, u32 event, key, new value, old value
 * </pre>
 */
public final class CmapProtocol {

    public static final String ENGINE = "cmap";

    public static final int SET = 0;
    public static final int GET = 1;
    public static final int DELETE = 2;
    public static final int ITER = 3;
    public static final int TRACK_ADD = 4;
    public static final int TRACK_DELETE = 5;
    public static final int CB_NOTIFY = 0;

    /** {@code CMAP_TRACK_*}. */
    public static final int TRACK_DELETE_EVENT = 1;
    public static final int TRACK_MODIFY = 2;
    public static final int TRACK_ADD_EVENT = 4;
    public static final int TRACK_PREFIX = 8;

    /** {@code CMAP_KEYNAME_MAXLEN}. */
    public static final int KEYNAME_MAXLEN = 255;

    private CmapProtocol() {
    }

    public static int keySize(String key) {
        return LittleEndian.countedSize(key);
    }

    public static int valueSize(CmapValue v) {
        return 8 + (v == null ? 0 : v.bytes().length);
    }

    public static void putKey(ByteBuffer b, String key) {
        LittleEndian.putCountedString(b, key);
    }

    /** IllegalArgumentException when the length is beyond the message. */
    public static String getKey(ByteBuffer b) {
        return LittleEndian.getCountedString(b);
    }

    public static void putValue(ByteBuffer b, CmapValue v) {
        if (v == null) {
            b.putInt(0).putInt(0);
        } else {
            LittleEndian.putCountedBytes(b.putInt(v.type().code()), v.bytes());
        }
    }

    /** Null for NOT_EXIST. */
    public static CmapValue getValue(ByteBuffer b) {
        CmapType t = CmapType.of(b.getInt());
        byte[] v = LittleEndian.getCountedBytes(b);
        return t == CmapType.NOT_EXIST ? null : new CmapValue(t, v);
    }

    public static ByteBuffer key(String key) {
        ByteBuffer b = allocate(keySize(key));
        putKey(b, key);
        return b.flip();
    }

    public static ByteBuffer keyValue(String key, CmapValue v) {
        ByteBuffer b = allocate(keySize(key) + valueSize(v));
        putKey(b, key);
        putValue(b, v);
        return b.flip();
    }
}
