package io.chorus.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypt-then-MAC packet protection: keys derived with Bouncy Castle's HKDF, the per-packet AES and HMAC done
 * by the JDK's provider, whose HotSpot intrinsics (AES-NI, SHA-NI/AVX2) seal a 1400-byte packet with aes256 and
 * sha256 in about 1.5 us where Bouncy Castle's pure-Java engines took about 20 us (measured on the bench box).
 * The bytes on the wire are the same either way; {@code PacketProtectionTest} checks them against Bouncy
 * Castle's AES and HMAC.
 *
 * <pre>
 * sealed packet = salt[16] | body[n] | tag[d]
 *   salt  fresh per packet (unique and unpredictable), also the initial AES-CTR counter block
 *   body  AES-CTR(encKey, salt) XOR plain   (the plain bytes themselves when crypto_cipher is none)
 *   tag   HMAC-hash(macKey, salt | body), the full digest (d = 16/20/32/48/64 for md5/sha1/sha256/sha384/sha512)
 * </pre>
 *
 * {@code encKey} and {@code macKey} are derived once from the authkey with HKDF-SHA-256 (RFC 5869), with the
 * cipher and hash names in the {@code info}, so nodes that differ in key <em>or</em> in crypto settings see
 * each other's packets as {@code invalid digest}. Opening verifies the tag (constant-time) over the whole packet
 * before a single byte is decrypted or written.
 *
 * <p>Per-thread state (the provider's AES-CTR, HMAC, two 4 KiB scratch arrays, and a salt generator — AES under a
 * random per-thread key over a random counter, so salts never repeat within a thread) lives in a
 * {@link ThreadLocal}. The CTR cipher is re-initialized with each packet's salt: that costs one small IV object
 * per packet, and buys HotSpot's AES-CTR intrinsic (AES-NI/VAES over whole runs of blocks), which made sealing
 * 1400 bytes about a third cheaper than driving AES-ECB over counter blocks built in Java.
 */
final class SealedProtection implements PacketProtection {

    static final int SALT_BYTES = 16;
    private static final int CHUNK = 4096;
    private static final String JDK_PROVIDER = "SunJCE";
    private static final byte[] HKDF_SALT = "chorus authkey v1".getBytes(StandardCharsets.US_ASCII);

    private final CipherType cipher;
    private final HashType hash;
    private final int tagBytes;
    private final byte[] encKey;
    private final byte[] macKey;
    private final String description;
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);

    SealedProtection(CipherType cipher, HashType hash, AuthKey key) {
        if (hash == HashType.NONE) {
            throw new IllegalArgumentException("crypto_cipher requires crypto_hash with value other than none");
        }
        this.cipher = cipher;
        this.hash = hash;
        this.tagBytes = hash.digestBytes();
        String suite = "chorus packet v1 " + cipher.configName() + " " + hash.configName();
        this.encKey = cipher == CipherType.NONE ? null : derive(key, suite + " enc", cipher.keyBytes());
        this.macKey = derive(key, suite + " mac", Math.max(32, hash.digestBytes()));
        this.description = "crypto_cipher " + cipher.configName() + ", crypto_hash " + hash.configName()
                + " with " + key;
    }

    private static byte[] derive(AuthKey key, String info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key.material(), HKDF_SALT, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    CipherType cipher() {
        return cipher;
    }

    HashType hash() {
        return hash;
    }

    @Override
    public int overhead() {
        return SALT_BYTES + tagBytes;
    }

    @Override
    public void seal(ByteBuffer plain, ByteBuffer sealed) {
        int n = plain.remaining();
        if (sealed.remaining() < n + overhead()) {
            throw new IllegalArgumentException("sealed buffer has " + sealed.remaining() + " bytes left, needs "
                    + (n + overhead()));
        }
        Worker w = workers.get();
        try {
            sealInto(w, plain, n, sealed);
        } catch (RuntimeException e) {
            w.mac.reset();
            throw e;
        } catch (GeneralSecurityException e) {
            w.mac.reset();
            throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
        }
    }

    private void sealInto(Worker w, ByteBuffer plain, int n, ByteBuffer sealed) throws GeneralSecurityException {
        w.nextSalt();
        sealed.put(w.salt, 0, SALT_BYTES);
        w.mac.update(w.salt, 0, SALT_BYTES);
        w.startKeystream();
        int from = plain.position();
        for (int done = 0; done < n; ) {
            int k = Math.min(CHUNK, n - done);
            plain.get(from + done, w.scratch, 0, k);
            byte[] body = w.aes != null ? w.xorKeystream(k) : w.scratch;
            w.mac.update(body, 0, k);
            sealed.put(body, 0, k);
            done += k;
        }
        w.mac.doFinal(w.tag, 0);
        sealed.put(w.tag, 0, tagBytes);
        sealed.flip();
    }

    @Override
    public boolean open(ByteBuffer sealed, ByteBuffer plain) {
        int total = sealed.remaining();
        int n = total - overhead();
        if (n < 0 || plain.remaining() < n) {
            return false;
        }
        Worker w = workers.get();
        try {
            int start = sealed.position();
            // 1. authenticate salt | body against the tag, touching nothing
            sealed.get(start, w.salt, 0, SALT_BYTES);
            w.mac.update(w.salt, 0, SALT_BYTES);
            for (int done = 0; done < n; ) {
                int k = Math.min(CHUNK, n - done);
                sealed.get(start + SALT_BYTES + done, w.scratch, 0, k);
                w.mac.update(w.scratch, 0, k);
                done += k;
            }
            w.mac.doFinal(w.tag, 0);
            sealed.get(start + SALT_BYTES + n, w.tagIn, 0, tagBytes);
            if (!MessageDigest.isEqual(w.tag, w.tagIn)) {
                return false;
            }
            // 2. only then decrypt into plain (a body of one chunk is still in scratch from step 1)
            w.startKeystream();
            for (int done = 0; done < n; ) {
                int k = Math.min(CHUNK, n - done);
                if (n > CHUNK) {
                    sealed.get(start + SALT_BYTES + done, w.scratch, 0, k);
                }
                plain.put(w.aes != null ? w.xorKeystream(k) : w.scratch, 0, k);
                done += k;
            }
            plain.flip();
            return true;
        } catch (RuntimeException | GeneralSecurityException e) {
            w.mac.reset();
            return false;
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /** One thread's engines and buffers. */
    private final class Worker {
        /** AES-CTR under encKey (null without a cipher), its counter starting at each packet's salt. */
        final Cipher aes;
        final SecretKeySpec aesKey;
        final Mac mac;
        final Cipher saltEngine;
        final byte[] saltCounter = new byte[16];
        final byte[] salt = new byte[SALT_BYTES];
        final byte[] tag;
        final byte[] tagIn;
        final byte[] scratch = new byte[CHUNK];
        /** scratch XOR keystream: the provider copies its input first when asked to work in place. */
        final byte[] keyed = new byte[CHUNK];

        Worker() {
            try {
                if (encKey != null) {
                    aes = jdkCipher("AES/CTR/NoPadding");
                    aesKey = new SecretKeySpec(encKey, "AES");
                } else {
                    aes = null;
                    aesKey = null;
                }
                mac = jdkMac(hash.jceMacName());
                mac.init(new SecretKeySpec(macKey, hash.jceMacName()));
                tag = new byte[mac.getMacLength()];
                tagIn = new byte[mac.getMacLength()];
                byte[] seed = new byte[32];
                new SecureRandom().nextBytes(seed);
                saltEngine = jdkCipher("AES/ECB/NoPadding");
                saltEngine.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 16, "AES"));
                System.arraycopy(seed, 16, saltCounter, 0, 16);
                java.util.Arrays.fill(seed, (byte) 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK provides no " + cipher.configName() + "/"
                        + hash.configName() + ": " + e.getMessage(), e);
            }
        }

        /**
         * The JDK's own provider by name: in Karaf, sshd may register Bouncy Castle's JCA provider ahead of it,
         * and that one is the pure-Java engine again. Another JDK without SunJCE gets its default provider.
         */
        private static Cipher jdkCipher(String transformation) throws GeneralSecurityException {
            try {
                return Cipher.getInstance(transformation, JDK_PROVIDER);
            } catch (java.security.NoSuchProviderException e) {
                return Cipher.getInstance(transformation);
            }
        }

        private static Mac jdkMac(String name) throws GeneralSecurityException {
            try {
                return Mac.getInstance(name, JDK_PROVIDER);
            } catch (java.security.NoSuchProviderException e) {
                return Mac.getInstance(name);
            }
        }

        /** salt = AES(per-thread random key, counter++): distinct within the thread, unpredictable outside. */
        void nextSalt() throws ShortBufferException {
            saltEngine.update(saltCounter, 0, 16, salt, 0);
            increment(saltCounter);
        }

        /** Restarts the AES-CTR keystream at counter block = salt (nothing without a cipher). */
        void startKeystream() throws GeneralSecurityException {
            if (aes != null) {
                aes.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(salt));
            }
        }

        /**
         * scratch[0..k) XOR the next k bytes of the keystream, in {@link #keyed}; chunks continue the counter, as k
         * is a multiple of 16 except at the end.
         */
        byte[] xorKeystream(int k) throws ShortBufferException {
            aes.update(scratch, 0, k, keyed, 0);
            return keyed;
        }
    }

    /** Big-endian increment of a 128-bit counter block. */
    static void increment(byte[] block) {
        for (int i = block.length - 1; i >= 0; i--) {
            if (++block[i] != 0) {
                return;
            }
        }
    }
}
