package io.chorus.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The sealed packet of {@link SealedProtection}'s documented format, computed independently with Bouncy Castle's
 * lightweight engines (its CTR mode, its HMAC): the reference the JDK-backed implementation must match.
 */
final class BouncyCastleReference {

    private BouncyCastleReference() {
    }

    static byte[] seal(String cipher, String hash, AuthKey key, byte[] salt, byte[] plain) {
        String suite = "chorus packet v1 " + cipher + " " + hash;
        CipherType c = CipherType.parse(cipher);
        Digest digest = digest(hash);
        byte[] macKey = hkdf(key, suite + " mac", Math.max(32, digest.getDigestSize()));
        byte[] body = plain.clone();
        if (c != CipherType.NONE) {
            SICBlockCipher ctr = new SICBlockCipher(AESEngine.newInstance());
            ctr.init(true, new ParametersWithIV(new KeyParameter(hkdf(key, suite + " enc", c.keyBytes())), salt));
            ctr.processBytes(plain, 0, plain.length, body, 0);
        }
        HMac mac = new HMac(digest);
        mac.init(new KeyParameter(macKey));
        mac.update(salt, 0, salt.length);
        mac.update(body, 0, body.length);
        byte[] tag = new byte[mac.getMacSize()];
        mac.doFinal(tag, 0);
        byte[] out = new byte[salt.length + body.length + tag.length];
        System.arraycopy(salt, 0, out, 0, salt.length);
        System.arraycopy(body, 0, out, salt.length, body.length);
        System.arraycopy(tag, 0, out, salt.length + body.length, tag.length);
        return out;
    }

    private static byte[] hkdf(AuthKey key, String info, int length) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(key.material(), "chorus authkey v1".getBytes(StandardCharsets.US_ASCII),
                info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }

    private static Digest digest(String hash) {
        return switch (hash) {
            case "md5" -> new MD5Digest();
            case "sha1" -> new SHA1Digest();
            case "sha256" -> new SHA256Digest();
            case "sha384" -> new SHA384Digest();
            case "sha512" -> new SHA512Digest();
            default -> throw new IllegalArgumentException(hash);
        };
    }
}
