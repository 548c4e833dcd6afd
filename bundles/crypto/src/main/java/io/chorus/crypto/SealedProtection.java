package io.chorus.crypto;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Arrays;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Encrypt-then-MAC packet protection with Bouncy Castle's lightweight API.
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
 * <p>Per-thread state (AES engine, HMAC, counters, a 4 KiB scratch buffer, and a salt generator — AES under a
 * random per-thread key over a random counter, so salts never repeat within a thread) lives in a
 * {@link ThreadLocal}: after a thread's first packet, sealing and opening allocate nothing.
 */
final class SealedProtection implements PacketProtection {

    static final int SALT_BYTES = 16;
    private static final int CHUNK = 4096;
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
        }
    }

    private void sealInto(Worker w, ByteBuffer plain, int n, ByteBuffer sealed) {
        w.nextSalt();
        sealed.put(w.salt, 0, SALT_BYTES);
        w.mac.update(w.salt, 0, SALT_BYTES);
        if (w.aes != null) {
            System.arraycopy(w.salt, 0, w.counter, 0, SALT_BYTES);
        }
        int from = plain.position();
        for (int done = 0; done < n; ) {
            int k = Math.min(CHUNK, n - done);
            plain.get(from + done, w.scratch, 0, k);
            if (w.aes != null) {
                w.xorKeystream(k);
            }
            w.mac.update(w.scratch, 0, k);
            sealed.put(w.scratch, 0, k);
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
            if (!Arrays.constantTimeAreEqual(tagBytes, w.tag, 0, w.tagIn, 0)) {
                return false;
            }
            // 2. only then decrypt into plain
            if (w.aes != null) {
                System.arraycopy(w.salt, 0, w.counter, 0, SALT_BYTES);
            }
            for (int done = 0; done < n; ) {
                int k = Math.min(CHUNK, n - done);
                sealed.get(start + SALT_BYTES + done, w.scratch, 0, k);
                if (w.aes != null) {
                    w.xorKeystream(k);
                }
                plain.put(w.scratch, 0, k);
                done += k;
            }
            plain.flip();
            return true;
        } catch (RuntimeException e) {
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
        final BlockCipher aes;
        final HMac mac;
        final BlockCipher saltEngine;
        final byte[] saltCounter = new byte[16];
        final byte[] salt = new byte[SALT_BYTES];
        final byte[] counter = new byte[16];
        final byte[] keystream = new byte[16];
        final byte[] tag;
        final byte[] tagIn;
        final byte[] scratch = new byte[CHUNK];

        Worker() {
            if (encKey != null) {
                aes = AESEngine.newInstance();
                aes.init(true, new KeyParameter(encKey));
            } else {
                aes = null;
            }
            mac = new HMac(hash.newDigest());
            mac.init(new KeyParameter(macKey));
            tag = new byte[mac.getMacSize()];
            tagIn = new byte[mac.getMacSize()];
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            saltEngine = AESEngine.newInstance();
            saltEngine.init(true, new KeyParameter(seed, 0, 16));
            System.arraycopy(seed, 16, saltCounter, 0, 16);
            java.util.Arrays.fill(seed, (byte) 0);
        }

        /** salt = AES(per-thread random key, counter++): distinct within the thread, unpredictable outside. */
        void nextSalt() {
            saltEngine.processBlock(saltCounter, 0, salt, 0);
            increment(saltCounter);
        }

        /** XORs the next k bytes of AES-CTR keystream into scratch[0..k); k is a multiple of 16 except at the end. */
        void xorKeystream(int k) {
            byte[] s = scratch;
            for (int i = 0; i < k; i += 16) {
                aes.processBlock(counter, 0, keystream, 0);
                increment(counter);
                int m = Math.min(16, k - i);
                for (int j = 0; j < m; j++) {
                    s[i + j] ^= keystream[j];
                }
            }
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
