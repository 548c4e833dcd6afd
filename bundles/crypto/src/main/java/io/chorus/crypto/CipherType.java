package io.chorus.crypto;

import java.util.Locale;

/** {@code totem.crypto_cipher}: the packet cipher (AES in CTR mode with a per-packet random IV). */
public enum CipherType {
    NONE(0),
    AES128(16),
    AES192(24),
    AES256(32);

    private final int keyBytes;

    CipherType(int keyBytes) {
        this.keyBytes = keyBytes;
    }

    /** AES key length in bytes; 0 for none. */
    public int keyBytes() {
        return keyBytes;
    }

    /** The corosync.conf spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a corosync.conf value; null means none. {@code 3des}, which Corosync 3.1.7 itself ignores, is
     * refused with the list of supported values.
     */
    public static CipherType parse(String value) {
        if (value == null) {
            return NONE;
        }
        for (CipherType c : values()) {
            if (c.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("crypto_cipher " + value
                + " is not supported (supported: aes256, aes192, aes128, none)");
    }
}
