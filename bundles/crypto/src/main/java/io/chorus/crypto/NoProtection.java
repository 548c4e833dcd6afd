package io.chorus.crypto;

import java.nio.ByteBuffer;

/** The identity protection of {@code crypto_cipher: none, crypto_hash: none}. */
enum NoProtection implements PacketProtection {
    INSTANCE;

    @Override
    public int overhead() {
        return 0;
    }

    @Override
    public void seal(ByteBuffer plain, ByteBuffer sealed) {
        sealed.put(plain.duplicate()).flip();
    }

    @Override
    public boolean open(ByteBuffer sealed, ByteBuffer plain) {
        plain.put(sealed.duplicate()).flip();
        return true;
    }
}
