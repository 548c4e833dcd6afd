package io.chorus.totem.pg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A totempg group name: raw bytes on the wire, compared byte for byte (no NUL, no charset rules).
 * Corosync uses only two: {@link #A} for every service's exec messages and {@link #SYNC} for the sync protocol.
 * Instances are immutable; build them once and reuse them, the send path writes their prepared header.
 */
public final class TotemPgGroup {

    /** Group {@code "a"}: service exec messages (prefix {@code 01 00 01 00 61}). */
    public static final TotemPgGroup A = of("a");

    /** Group {@code "sync"}: sync v2 messages (prefix {@code 01 00 04 00 73 79 6e 63}). */
    public static final TotemPgGroup SYNC = of("sync");

    /** The group length travels as a u16. */
    public static final int MAX_NAME_LENGTH = 0xFFFF;

    private final byte[] name;
    private final String text;
    /** {@code u16 group_count=1, u16 group_len, name}: the whole prefix this group puts before a message. */
    private final byte[] header;

    private TotemPgGroup(byte[] name) {
        if (name.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("group name longer than " + MAX_NAME_LENGTH + " bytes");
        }
        this.name = name;
        this.text = new String(name, StandardCharsets.UTF_8);
        this.header = new byte[4 + name.length];
        ByteBuffer b = ByteBuffer.wrap(header);
        b.put((byte) 1).put((byte) 0).put((byte) name.length).put((byte) (name.length >>> 8)).put(name);
    }

    public static TotemPgGroup of(String name) {
        return new TotemPgGroup(name.getBytes(StandardCharsets.UTF_8));
    }

    public static TotemPgGroup of(byte[] name) {
        return new TotemPgGroup(name.clone());
    }

    public String name() {
        return text;
    }

    /** Length of the group header this group writes in front of a message. */
    public int headerLength() {
        return header.length;
    }

    /** The prepared group header; shared, do not modify. */
    byte[] header() {
        return header;
    }

    /** Whether {@code length} bytes of {@code buffer} at {@code offset} (absolute) are this group's name. */
    boolean matches(ByteBuffer buffer, int offset, int length) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TotemPgGroup g && Arrays.equals(name, g.name);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return text;
    }
}
