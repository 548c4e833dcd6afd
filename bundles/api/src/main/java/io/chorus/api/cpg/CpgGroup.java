package io.chorus.api.cpg;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A process group name ({@code struct cpg_name}): 1..127 bytes. Corosync compares names by length and bytes
 * but also uses them as NUL-terminated map keys, so a name longer than 127 bytes or containing a NUL would
 * not round-trip through C nodes (corosync-wire.md §1.11); both are refused with {@code NAME_TOO_LONG} /
 * {@code INVALID_PARAM}.
 */
public final class CpgGroup implements Comparable<CpgGroup> {

    /** Longest name in bytes (CPG_MAX_NAME_LENGTH 128 minus the NUL C nodes rely on). */
    public static final int MAX_LENGTH = 127;

    private final byte[] bytes;
    /** Computed on first use (0 until then; a name that hashes to 0 is just hashed again). */
    private int hash;

    private CpgGroup(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A group named by the UTF-8 bytes of {@code name}. */
    public static CpgGroup of(String name) throws ChorusException {
        return of(name.getBytes(StandardCharsets.UTF_8));
    }

    public static CpgGroup of(byte[] name) throws ChorusException {
        if (name.length > MAX_LENGTH) {
            throw new ChorusException(ChorusError.NAME_TOO_LONG, name.length + " bytes (at most " + MAX_LENGTH + ")");
        }
        if (name.length == 0) {
            throw new ChorusException(ChorusError.INVALID_PARAM, "empty group name");
        }
        for (byte b : name) {
            if (b == 0) {
                throw new ChorusException(ChorusError.INVALID_PARAM, "group name contains a NUL byte");
            }
        }
        return new CpgGroup(name.clone());
    }

    /** For decoders that already checked the length (names from the wire are taken as they are). */
    public static CpgGroup ofTrusted(byte[] name) {
        return new CpgGroup(name);
    }

    /** Unchecked variant of {@link #of(String)} for constants and tests. */
    public static CpgGroup named(String name) {
        try {
            return of(name);
        } catch (ChorusException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** This name as Corosync's fixed {@code cpg_name} field at index {@code at} (without copying the name first). */
    public void putFixed(ByteBuffer b, int at) {
        LittleEndian.putFixedName(b, at, LittleEndian.CPG_NAME, bytes);
    }

    /** This name as a counted byte string at {@code b}'s position (without copying the name first). */
    public void putCounted(ByteBuffer b) {
        LittleEndian.putCountedBytes(b, bytes);
    }

    public int length() {
        return bytes.length;
    }

    /** The name as UTF-8 text (what testcpg prints). */
    public String name() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpgGroup g && Arrays.equals(bytes, g.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /**
     * Whether the {@code length} bytes of {@code buffer} at {@code offset} spell this name (absolute, the
     * buffer's position is not moved): a decoder reuses the group of the previous message instead of copying
     * the name out of every one.
     */
    public boolean isSpelledAt(ByteBuffer buffer, int offset, int length) {
        if (length != bytes.length || offset < 0 || offset > buffer.limit() - length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(CpgGroup o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return name();
    }
}
