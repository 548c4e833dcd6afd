package io.chorus.crypto;

import org.junit.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Sealing and opening: every cipher × hash, tampering, truncation, wrong key, fresh salts, threads. */
public class PacketProtectionTest {

    private static final String[] CIPHERS = {"aes256", "aes192", "aes128", "none"};
    private static final String[] HASHES = {"sha1", "sha256", "sha384", "sha512", "md5"};

    static AuthKey key(int seed) throws AuthKeyException {
        byte[] m = new byte[256];
        new Random(seed).nextBytes(m);
        return AuthKey.of(m, "test key " + seed);
    }

    private static byte[] plain(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ByteBuffer seal(PacketProtection p, byte[] plain, boolean direct) {
        ByteBuffer in = direct ? ByteBuffer.allocateDirect(plain.length) : ByteBuffer.allocate(plain.length);
        in.put(plain).flip();
        ByteBuffer out = direct ? ByteBuffer.allocateDirect(plain.length + p.overhead())
                : ByteBuffer.allocate(plain.length + p.overhead());
        p.seal(in, out);
        assertEquals("plain not consumed", 0, in.position());
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** Opens; returns the plain bytes or null when open() said false. */
    private static byte[] open(PacketProtection p, byte[] sealed) {
        ByteBuffer plain = ByteBuffer.allocate(Math.max(0, sealed.length));
        boolean ok = p.open(ByteBuffer.wrap(sealed), plain);
        return ok ? bytes(plain) : null;
    }

    @Test
    public void roundTripForEveryCipherAndHash() throws Exception {
        AuthKey k = key(1);
        for (String c : CIPHERS) {
            for (String h : HASHES) {
                PacketProtection p = PacketProtection.of(c, h, k);
                String what = c + "/" + h;
                assertEquals(what, 16 + HashType.parse(h).digestBytes(), p.overhead());
                for (int n : new int[] {0, 1, 15, 16, 17, 100, 1500, 4095, 4096, 4097, 9000, 10000}) {
                    for (boolean direct : new boolean[] {false, true}) {
                        byte[] m = plain(n, n);
                        ByteBuffer sealed = seal(p, m, direct);
                        assertEquals(what + " " + n, n + p.overhead(), sealed.remaining());
                        ByteBuffer out = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
                        assertTrue(what + " " + n, p.open(sealed, out));
                        assertArrayEquals(what + " " + n, m, bytes(out));
                        assertEquals("sealed not consumed", 0, sealed.position());
                    }
                }
            }
        }
    }

    @Test
    public void cipherTextDiffersFromPlainTextAndHashOnlyKeepsIt() throws Exception {
        byte[] m = plain(200, 5);
        byte[] enc = bytes(seal(PacketProtection.of("aes128", "sha256", key(1)), m, false));
        assertFalse(Arrays.equals(m, Arrays.copyOfRange(enc, 16, 216)));
        byte[] auth = bytes(seal(PacketProtection.of("none", "sha256", key(1)), m, false));
        assertArrayEquals(m, Arrays.copyOfRange(auth, 16, 216));
    }

    @Test
    public void twoSealsOfTheSamePlainTextDiffer() throws Exception {
        PacketProtection p = PacketProtection.of("aes256", "sha256", key(1));
        byte[] m = plain(64, 1);
        byte[] a = bytes(seal(p, m, false));
        byte[] b = bytes(seal(p, m, false));
        assertFalse(Arrays.equals(Arrays.copyOf(a, 16), Arrays.copyOf(b, 16)));
        assertFalse(Arrays.equals(a, b));
        assertArrayEquals(open(p, a), open(p, b));
    }

    @Test
    public void aDifferentKeyCannotOpen() throws Exception {
        for (String c : CIPHERS) {
            for (String h : HASHES) {
                PacketProtection mine = PacketProtection.of(c, h, key(1));
                PacketProtection theirs = PacketProtection.of(c, h, key(2));
                byte[] sealed = bytes(seal(theirs, plain(300, 3), false));
                assertEquals(c + "/" + h, null, open(mine, sealed));
            }
        }
    }

    @Test
    public void differentCryptoSettingsCannotOpenEachOther() throws Exception {
        AuthKey k = key(1);
        PacketProtection a = PacketProtection.of("aes256", "sha256", k);
        PacketProtection b = PacketProtection.of("aes128", "sha256", k);
        PacketProtection c = PacketProtection.of("none", "sha256", k);
        byte[] m = plain(100, 1);
        assertEquals(null, open(b, bytes(seal(a, m, false))));
        assertEquals(null, open(c, bytes(seal(a, m, false))));
        assertEquals(null, open(a, bytes(seal(c, m, false))));
    }

    @Test
    public void everySingleBitFlipIsRejected() throws Exception {
        for (String[] suite : new String[][] {{"aes256", "sha256"}, {"aes128", "sha1"}, {"none", "sha512"},
                {"aes192", "md5"}}) {
            PacketProtection p = PacketProtection.of(suite[0], suite[1], key(7));
            byte[] sealed = bytes(seal(p, plain(77, 9), false));
            assertEquals(77, open(p, sealed).length);
            for (int bit = 0; bit < sealed.length * 8; bit++) {
                byte[] t = sealed.clone();
                t[bit / 8] ^= (byte) (1 << (bit % 8));
                ByteBuffer out = ByteBuffer.allocate(200);
                out.position(3);
                assertFalse(suite[0] + "/" + suite[1] + " bit " + bit, p.open(ByteBuffer.wrap(t), out));
                assertEquals("plain untouched on failure", 3, out.position());
                assertEquals(200, out.limit());
            }
        }
    }

    @Test
    public void everyTruncationAndExtensionIsRejected() throws Exception {
        PacketProtection p = PacketProtection.of("aes256", "sha384", key(3));
        byte[] sealed = bytes(seal(p, plain(120, 4), false));
        for (int n = 0; n < sealed.length; n++) {
            assertEquals("length " + n, null, open(p, Arrays.copyOf(sealed, n)));
            assertEquals("from " + n, null, open(p, Arrays.copyOfRange(sealed, sealed.length - n, sealed.length)));
        }
        assertEquals(null, open(p, Arrays.copyOf(sealed, sealed.length + 1)));
    }

    @Test
    public void garbageIsRejectedAndNeverThrows() throws Exception {
        PacketProtection p = PacketProtection.of("aes256", "sha256", key(3));
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] g = new byte[r.nextInt(1600)];
            r.nextBytes(g);
            assertEquals(null, open(p, g));
        }
        // a valid packet whose plain buffer is too small: false, not an exception
        ByteBuffer sealed = seal(p, plain(100, 1), false);
        assertFalse(p.open(sealed, ByteBuffer.allocate(99)));
        assertTrue(p.open(sealed, ByteBuffer.allocate(100)));
        // read-only output: false, not an exception
        assertFalse(p.open(sealed, ByteBuffer.allocate(100).asReadOnlyBuffer()));
        assertTrue(p.open(sealed, ByteBuffer.allocate(100)));
    }

    @Test
    public void sealHonoursPositionsOfSlicedBuffers() throws Exception {
        PacketProtection p = PacketProtection.of("aes128", "sha256", key(1));
        byte[] m = plain(50, 2);
        ByteBuffer big = ByteBuffer.allocate(100);
        big.position(10);
        big.put(m);
        big.position(10).limit(60);
        ByteBuffer sealed = ByteBuffer.allocate(200);
        p.seal(big, sealed);
        assertEquals(10, big.position());
        ByteBuffer framed = ByteBuffer.allocate(300);
        framed.position(7);
        framed.put(sealed);
        framed.position(7).limit(7 + 50 + p.overhead());
        ByteBuffer out = ByteBuffer.allocate(50);
        assertTrue(p.open(framed, out));
        assertArrayEquals(m, bytes(out));
    }

    @Test
    public void sealIntoTooSmallBufferIsACallerError() throws Exception {
        PacketProtection p = PacketProtection.of("aes128", "sha256", key(1));
        try {
            p.seal(ByteBuffer.allocate(10), ByteBuffer.allocate(10 + p.overhead() - 1));
            fail();
        } catch (IllegalArgumentException expected) {
            // the buffer, not the packet, is wrong
        }
        // and the thread's state is still good
        byte[] m = plain(10, 1);
        assertArrayEquals(m, open(p, bytes(seal(p, m, false))));
    }

    @Test
    public void factoryRules() throws Exception {
        assertSame(PacketProtection.none(), PacketProtection.of("none", "none", null));
        assertSame(PacketProtection.none(), PacketProtection.of((String) null, (String) null, null));
        assertSame(PacketProtection.none(), PacketProtection.forTotem(false, "none", "none", null));
        expectRefused("aes256", "none", "crypto_cipher requires crypto_hash with value other than none");
        expectRefused("3des", "sha1", "crypto_cipher 3des is not supported (supported: aes256, aes192, aes128, none)");
        expectRefused("aes256", "sha3", "crypto_hash sha3 is not supported");
        expectRefused("aes256", "sha256", "needs an authkey");
        assertEquals(false, PacketProtection.needsKey(false, "none", null));
        assertEquals(true, PacketProtection.needsKey(true, "none", "none"));
        assertEquals(true, PacketProtection.needsKey(false, "none", "sha1"));
    }

    private static void expectRefused(String c, String h, String message) {
        try {
            PacketProtection.of(c, h, null);
            fail(c + "/" + h);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    @Test
    public void secauthOnMeansAes256Sha256AndExplicitValuesWin() throws Exception {
        AuthKey k = key(1);
        SealedProtection d = (SealedProtection) PacketProtection.forTotem(true, "none", "none", k);
        assertEquals(CipherType.AES256, d.cipher());
        assertEquals(HashType.SHA256, d.hash());
        SealedProtection s = (SealedProtection) PacketProtection.forTotem(true, null, "sha1", k);
        assertEquals(CipherType.AES256, s.cipher());
        assertEquals(HashType.SHA1, s.hash());
        SealedProtection a = (SealedProtection) PacketProtection.forTotem(true, "aes128", "sha512", k);
        assertEquals(CipherType.AES128, a.cipher());
        assertEquals(HashType.SHA512, a.hash());
        SealedProtection h = (SealedProtection) PacketProtection.forTotem(false, "none", "sha384", k);
        assertEquals(CipherType.NONE, h.cipher());
        // the secauth default interoperates with the explicit spelling of the same suite
        byte[] m = plain(40, 1);
        assertArrayEquals(m, open(PacketProtection.of("aes256", "sha256", k), bytes(seal(d, m, false))));
        assertFalse(d.toString().contains("AAAA"));
        assertTrue(d.toString(), d.toString().startsWith("crypto_cipher aes256, crypto_hash sha256 with authkey test key 1"));
    }

    @Test
    public void concurrentSealAndOpenOnManyThreads() throws Exception {
        PacketProtection p = PacketProtection.of("aes256", "sha256", key(11));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int seed = t;
                results.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        byte[] m = plain(r.nextInt(2000), seed * 1000 + i);
                        byte[] s = bytes(seal(p, m, (i & 1) == 0));
                        if (Arrays.equals(m, open(p, s))) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(Integer.valueOf(500), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void noneIsTheIdentity() {
        PacketProtection p = PacketProtection.none();
        byte[] m = plain(30, 1);
        byte[] s = bytes(seal(p, m, false));
        assertArrayEquals(m, s);
        assertArrayEquals(m, open(p, s));
        assertNotEquals(0, m.length);
    }

    @Test
    public void sealAndOpenAllocateOnlyTheMacTagAndCounterStartPerPacketOnceWarm() throws Exception {
        java.lang.management.ThreadMXBean std = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.Assume.assumeTrue(std instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        org.junit.Assume.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        PacketProtection p = PacketProtection.of("aes256", "sha256", key(5));
        ByteBuffer plain = ByteBuffer.allocateDirect(1400);
        plain.put(plain(1400, 1)).flip();
        ByteBuffer sealed = ByteBuffer.allocateDirect(1400 + p.overhead());
        ByteBuffer out = ByteBuffer.allocateDirect(1400);
        ByteBuffer bad = ByteBuffer.allocateDirect(1400 + p.overhead());
        for (int i = 0; i < 200; i++) {
            sealed.clear();
            p.seal(plain, sealed);
            out.clear();
            assertTrue(p.open(sealed, out));
            assertFalse(p.open(bad, out.clear()));
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            sealed.clear();
            p.seal(plain, sealed);
            out.clear();
            p.open(sealed, out);
            p.open(bad, out.clear());
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        // The JDK's Mac.doFinal(out, offset) returns its tag through a fresh array: three per iteration here. Each
        // packet that passes its tag restarts AES-CTR at its salt (a new IvParameterSpec; Cipher.init clones key and
        // IV): two per iteration (the bad packet is refused before). Both are measured on the side, and neither
        // grows with the packet. Nothing else may be allocated: less than one object (16 B) per iteration beyond them.
        long perTag = macDoFinalAllocation(mx, tid, n);
        long perCounterStart = ctrInitAllocation(mx, tid, n);
        assertTrue(allocated + " bytes for " + n + " iterations, " + perTag + " per MAC tag, " + perCounterStart
                + " per counter start", allocated - (3 * perTag + 2 * perCounterStart) * n < 16L * n);
    }

    /**
     * The wire format, byte for byte, against Bouncy Castle's own AES and HMAC as the reference: keys from
     * HKDF-SHA-256 with the documented salt and info, body = AES-CTR(encKey, salt) of the plain bytes, tag =
     * HMAC(macKey, salt | body). A node sealing with either implementation is understood by the other.
     */
    @Test
    public void theSealedBytesAreAesCtrAndHmacAsBouncyCastleComputesThem() throws Exception {
        AuthKey key = key(9);
        String[][] suites = {{"aes256", "sha256"}, {"aes128", "sha512"}, {"aes192", "sha1"}, {"none", "sha384"},
            {"aes256", "md5"}};
        for (String[] suite : suites) {
            PacketProtection p = PacketProtection.of(suite[0], suite[1], key);
            for (int size : new int[] {0, 1, 15, 16, 17, 1400, 4096, 4097, 9000}) {
                byte[] plain = plain(size, size + 1);
                byte[] sealed = bytes(seal(p, plain, size % 2 == 0));
                byte[] expected = BouncyCastleReference.seal(suite[0], suite[1], key,
                        Arrays.copyOfRange(sealed, 0, SealedProtection.SALT_BYTES), plain);
                assertArrayEquals(suite[0] + "/" + suite[1] + " " + size + " B", expected, sealed);
            }
        }
    }

    /** Bytes one AES-CTR restart ({@code init} with a new IvParameterSpec, as per packet) allocates, once warm. */
    private static long ctrInitAllocation(com.sun.management.ThreadMXBean mx, long tid, int n) throws Exception {
        javax.crypto.Cipher ctr = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
        javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");
        byte[] salt = new byte[16];
        return bytesPerCall(mx, tid, n, i -> {
            salt[i & 15]++;
            ctr.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.IvParameterSpec(salt));
        });
    }

    /** Bytes one HmacSHA256 {@code doFinal(out, offset)} allocates, once warm. */
    private static long macDoFinalAllocation(com.sun.management.ThreadMXBean mx, long tid, int n) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256", "SunJCE");
        mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] tag = new byte[32];
        return bytesPerCall(mx, tid, n, i -> {
            mac.update(tag, 0, 16);
            mac.doFinal(tag, 0);
        });
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    /** What {@code call} allocates on this thread per run, averaged over {@code n} runs after 2 000 to warm it. */
    private static long bytesPerCall(com.sun.management.ThreadMXBean mx, long tid, int n, Call call) throws Exception {
        for (int i = 0; i < 2000; i++) {
            call.run(i);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < n; i++) {
            call.run(i);
        }
        return (mx.getThreadAllocatedBytes(tid) - before) / n;
    }
}
