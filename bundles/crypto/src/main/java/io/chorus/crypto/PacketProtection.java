package io.chorus.crypto;

import java.nio.ByteBuffer;

/**
 * What a transport does to every datagram before it goes out and after it comes in. With
 * {@code secauth: on} (or a crypto_cipher/crypto_hash other than none) every packet is sealed with a fresh
 * random salt/IV and authenticated; a packet that fails authentication is never handed to the protocol.
 *
 * <p>Implementations are thread-safe: transports may seal and open on several crypto threads.
 */
public interface PacketProtection {

    /** Bytes a sealed packet may have beyond the plain one (salt, IV, padding, digest): netmtu budgets for it. */
    int overhead();

    /**
     * Seals the remaining bytes of {@code plain} into {@code sealed} (written from its position; flipped
     * for reading on return). {@code sealed} has at least {@code plain.remaining() + overhead()} bytes left.
     */
    void seal(ByteBuffer plain, ByteBuffer sealed);

    /**
     * Authenticates and opens the remaining bytes of {@code sealed} into {@code plain} (flipped on return).
     * Returns false when the packet is not authentic — wrong key, tampered, truncated — in which case the
     * caller drops it and counts an {@code invalid digest}.
     */
    boolean open(ByteBuffer sealed, ByteBuffer plain);

    /** No crypto: Corosync-compatible udp/udpu, where the datagram is the totem message itself. */
    static PacketProtection none() {
        return NoProtection.INSTANCE;
    }
}
