package io.chorus.api.cmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** A typed cmap value: its type and its little-endian bytes (strings without the terminating NUL). */
public record CmapValue(CmapType type, byte[] bytes) {

    public CmapValue {
        bytes = bytes.clone();
        if (type.size() >= 0 && bytes.length != type.size()) {
            throw new IllegalArgumentException(type + " needs " + type.size() + " bytes, not " + bytes.length);
        }
    }

    private static byte[] le(int size, long v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        return Arrays.copyOf(b.array(), size);
    }

    public static CmapValue of(CmapType type, long v) {
        return new CmapValue(type, le(type.size(), v));
    }

    public static CmapValue uint32(long v) {
        return of(CmapType.UINT32, v);
    }

    public static CmapValue uint64(long v) {
        return of(CmapType.UINT64, v);
    }

    public static CmapValue string(String s) {
        return new CmapValue(CmapType.STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses {@code text} as corosync-cmapctl {@code -s key TYPE value} does. */
    public static CmapValue parse(CmapType type, String text) {
        return switch (type) {
            case STRING -> string(text);
            case BINARY -> new CmapValue(type, HexFormat.of().parseHex(text));
            case FLOAT -> new CmapValue(type, le(4, Float.floatToIntBits(Float.parseFloat(text))));
            case DOUBLE -> new CmapValue(type, le(8, Double.doubleToLongBits(Double.parseDouble(text))));
            case UINT64 -> of(type, Long.parseUnsignedLong(text));
            case NOT_EXIST -> throw new IllegalArgumentException("no value of type NOT_EXIST");
            default -> of(type, Long.parseLong(text));
        };
    }

    public long asLong() {
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(bytes, 8)).order(ByteOrder.LITTLE_ENDIAN);
        long v = b.getLong(0);
        return switch (type) {
            case INT8 -> (byte) v;
            case INT16 -> (short) v;
            case INT32 -> (int) v;
            default -> v;
        };
    }

    /** The value as corosync-cmapctl prints it after {@code = }. */
    public String text() {
        return switch (type) {
            case STRING -> new String(bytes, StandardCharsets.UTF_8);
            case BINARY -> HexFormat.of().formatHex(bytes);
            case FLOAT -> Float.toString(Float.intBitsToFloat((int) asLong()));
            case DOUBLE -> Double.toString(Double.longBitsToDouble(asLong()));
            case UINT64 -> Long.toUnsignedString(asLong());
            case NOT_EXIST -> "";
            default -> Long.toString(asLong());
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CmapValue v && v.type == type && Arrays.equals(v.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    /** {@code (u32) = 5}, as after the key in corosync-cmapctl's listing. */
    @Override
    public String toString() {
        return "(" + type.shortName() + ") = " + text();
    }
}
