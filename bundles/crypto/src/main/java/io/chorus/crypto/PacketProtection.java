package io.chorus.crypto;

import java.nio.ByteBuffer;

/**
 * What a transport does to every datagram before it goes out and after it comes in. With
 * {@code secauth: on} (or a crypto_cipher/crypto_hash other than none) every packet is sealed with a fresh
 * random salt/IV and authenticated; a packet that fails authentication is never handed to the protocol.
 *
 * <p>Sealed layout (see {@link #of(CipherType, HashType, AuthKey)}): {@code salt[16] | body | tag[d]},
 * overhead {@code 16 + d}: 32 bytes with md5, 36 with sha1, 48 with sha256, 64 with sha384, 80 with sha512.
 *
 * <p>Implementations are thread-safe: transports may seal and open on several crypto threads.
 */
public interface PacketProtection {

    /** Bytes a sealed packet may have beyond the plain one (salt, IV, padding, digest): netmtu budgets for it. */
    int overhead();

    /**
     * Seals the remaining bytes of {@code plain} into {@code sealed} (written from its position; flipped
     * for reading on return). {@code sealed} has at least {@code plain.remaining() + overhead()} bytes left
     * (else IllegalArgumentException). {@code plain}'s position is not moved.
     */
    void seal(ByteBuffer plain, ByteBuffer sealed);

    /**
     * Authenticates and opens the remaining bytes of {@code sealed} into {@code plain} (flipped on return).
     * Returns false when the packet is not authentic — wrong key, tampered, truncated — in which case the
     * caller drops it and counts an {@code invalid digest}; {@code plain} is then untouched. Never throws on
     * bad input; also false when {@code plain} has too little room. {@code sealed}'s position is not moved.
     */
    boolean open(ByteBuffer sealed, ByteBuffer plain);

    /** No crypto: Corosync-compatible udp/udpu, where the datagram is the totem message itself. */
    static PacketProtection none() {
        return NoProtection.INSTANCE;
    }

    /**
     * Protection for {@code crypto_cipher}/{@code crypto_hash} values as corosync.conf spells them (null = none).
     * none/none is {@link #none()} (no key needed); a cipher without a hash is refused as Corosync 3 refuses it
     * ({@code crypto_cipher requires crypto_hash with value other than none}); unknown names are refused.
     *
     * @throws IllegalArgumentException for an unsupported or refused combination, or a missing key
     */
    static PacketProtection of(String cipher, String hash, AuthKey key) {
        return of(CipherType.parse(cipher), HashType.parse(hash), key);
    }

    /** As {@link #of(String, String, AuthKey)} with parsed values. */
    static PacketProtection of(CipherType cipher, HashType hash, AuthKey key) {
        if (cipher == CipherType.NONE && hash == HashType.NONE) {
            return none();
        }
        if (hash == HashType.NONE) {
            throw new IllegalArgumentException("crypto_cipher requires crypto_hash with value other than none");
        }
        if (key == null) {
            throw new IllegalArgumentException("crypto_cipher " + cipher.configName() + ", crypto_hash "
                    + hash.configName() + " needs an authkey");
        }
        return new SealedProtection(cipher, hash, key);
    }

    /**
     * The totem section's crypto: {@code secauth: on} means {@code aes256} + {@code sha256}, as Corosync 3's
     * totemconfig maps it; with secauth on, a cipher or hash given as none/null keeps that default (so
     * {@code secauth: on} + {@code crypto_hash: sha1} is aes256+sha1). With secauth off the two keys alone decide.
     */
    static PacketProtection forTotem(boolean secauth, String cipher, String hash, AuthKey key) {
        CipherType c = CipherType.parse(cipher);
        HashType h = HashType.parse(hash);
        if (secauth) {
            if (c == CipherType.NONE) {
                c = CipherType.AES256;
            }
            if (h == HashType.NONE) {
                h = HashType.SHA256;
            }
        }
        return of(c, h, key);
    }

    /** True when {@link #forTotem} would seal packets, i.e. an authkey is needed. */
    static boolean needsKey(boolean secauth, String cipher, String hash) {
        return secauth || CipherType.parse(cipher) != CipherType.NONE || HashType.parse(hash) != HashType.NONE;
    }
}
