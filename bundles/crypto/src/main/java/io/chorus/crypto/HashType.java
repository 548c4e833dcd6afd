package io.chorus.crypto;

import java.util.Locale;

/** {@code totem.crypto_hash}: the HMAC that authenticates every packet (full digest length as the tag). */
public enum HashType {
    NONE(0),
    MD5(16),
    SHA1(20),
    SHA256(32),
    SHA384(48),
    SHA512(64);

    private final int digestBytes;

    HashType(int digestBytes) {
        this.digestBytes = digestBytes;
    }

    /** Tag length in bytes: the full digest; 0 for none. */
    public int digestBytes() {
        return digestBytes;
    }

    /** The corosync.conf spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The JDK's name of this HMAC ({@code HmacSHA256}, ...); not for NONE. */
    String jceMacName() {
        switch (this) {
            case MD5: return "HmacMD5";
            case SHA1: return "HmacSHA1";
            case SHA256: return "HmacSHA256";
            case SHA384: return "HmacSHA384";
            case SHA512: return "HmacSHA512";
            default: throw new IllegalStateException("no HMAC for crypto_hash none");
        }
    }

    /** Parses a corosync.conf value (md5, sha1, sha256, sha384, sha512, none); null means none. */
    public static HashType parse(String value) {
        if (value == null) {
            return NONE;
        }
        for (HashType h : values()) {
            if (h.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return h;
            }
        }
        throw new IllegalArgumentException("crypto_hash " + value
                + " is not supported (supported: sha512, sha384, sha256, sha1, md5, none)");
    }
}
