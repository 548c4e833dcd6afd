package io.chorus.api.evs;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An EVS group ({@code struct evs_group}): a 32-byte key compared byte for byte. Shorter names are padded with
 * zero bytes, as a C program's {@code char key[32]} initialised from a string literal is.
 */
public final class EvsGroup {

    public static final int KEY_LENGTH = 32;

    private final byte[] key;

    private EvsGroup(byte[] key) {
        this.key = key;
    }

    /** The group whose key is the UTF-8 bytes of {@code name}, zero-padded; NAME_TOO_LONG above 32 bytes. */
    public static EvsGroup of(String name) throws ChorusException {
        return of(name.getBytes(StandardCharsets.UTF_8));
    }

    public static EvsGroup of(byte[] name) throws ChorusException {
        if (name.length > KEY_LENGTH) {
            throw new ChorusException(ChorusError.NAME_TOO_LONG, name.length + " bytes (a key has " + KEY_LENGTH + ")");
        }
        return new EvsGroup(Arrays.copyOf(name, KEY_LENGTH));
    }

    /** Unchecked variant of {@link #of(String)} for constants and tests. */
    public static EvsGroup named(String name) {
        try {
            return of(name);
        } catch (ChorusException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A key read from the wire: exactly 32 bytes. */
    static EvsGroup ofKey(byte[] key) {
        return new EvsGroup(key);
    }

    public byte[] key() {
        return key.clone();
    }

    void putTo(java.nio.ByteBuffer b) {
        b.put(key);
    }

    /** The key up to its first zero byte, as text (what testevs would print). */
    public String name() {
        int n = 0;
        while (n < KEY_LENGTH && key[n] != 0) {
            n++;
        }
        return new String(key, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvsGroup g && Arrays.equals(key, g.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return name();
    }
}
