package io.chorus.api.cmap;

/** {@code cmap_value_types_t}, with corosync-cmapctl's short names. */
public enum CmapType {
    NOT_EXIST(0, "?", 0), INT8(1, "i8", 1), UINT8(2, "u8", 1), INT16(3, "i16", 2), UINT16(4, "u16", 2),
    INT32(5, "i32", 4), UINT32(6, "u32", 4), INT64(7, "i64", 8), UINT64(8, "u64", 8), FLOAT(9, "flt", 4),
    DOUBLE(10, "dbl", 8), STRING(11, "str", -1), BINARY(12, "bin", -1);

    private final int code;
    private final String shortName;
    private final int size;

    CmapType(int code, String shortName, int size) {
        this.code = code;
        this.shortName = shortName;
        this.size = size;
    }

    public int code() {
        return code;
    }

    public String shortName() {
        return shortName;
    }

    /** Bytes of a value of this type, or -1 when variable. */
    public int size() {
        return size;
    }

    public static CmapType of(int code) {
        for (CmapType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("cmap type " + code);
    }

    public static CmapType ofShortName(String name) {
        for (CmapType t : values()) {
            if (t.shortName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown type " + name);
    }
}
