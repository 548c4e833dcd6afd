package io.chorus.transport;

import io.chorus.crypto.PacketProtection;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test stand-in for the crypto bundle's protections: appends HMAC-SHA256 (authentication only, no cipher), so the
 * transport's seal/open/drop path can be tested with two different keys.
 */
final class HmacTestProtection implements PacketProtection {
    private final SecretKeySpec key;

    HmacTestProtection(String key) {
        this.key = new SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256");
    }

    private Mac mac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int overhead() {
        return 32;
    }

    @Override
    public void seal(ByteBuffer plain, ByteBuffer sealed) {
        Mac m = mac();
        m.update(plain.duplicate());
        sealed.put(plain.duplicate()).put(m.doFinal()).flip();
    }

    @Override
    public boolean open(ByteBuffer sealed, ByteBuffer plain) {
        if (sealed.remaining() < 32) {
            return false;
        }
        ByteBuffer body = sealed.duplicate();
        body.limit(body.limit() - 32);
        ByteBuffer tag = sealed.duplicate();
        tag.position(tag.limit() - 32);
        byte[] expected = new byte[32];
        tag.get(expected);
        Mac m = mac();
        m.update(body.duplicate());
        if (!MessageDigest.isEqual(expected, m.doFinal())) {
            return false;
        }
        plain.put(body).flip();
        return true;
    }
}
