package io.chorus.crypto;

import org.junit.Before;
import org.junit.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Reading the authkey: sources, Corosync 3's size rules, the permission rule and the messages (E5). */
public class AuthKeyTest {

    private Path dir;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("chorus-authkey");
    }

    private Path key(String name, int bytes, String mode) throws Exception {
        Path p = dir.resolve(name);
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        Files.write(p, b);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private static String failure(Path keyfile, List<Path> candidates) {
        try {
            AuthKey.load(keyfile, candidates);
            fail("expected AuthKeyException");
            return null;
        } catch (AuthKeyException e) {
            return e.getMessage();
        }
    }

    @Test
    public void readsA2048BitKey() throws Exception {
        Path p = key("authkey", 256, "r--------");
        AuthKey k = AuthKey.read(p);
        assertEquals(256, k.length());
        assertEquals(2048, k.bits());
        assertEquals(p.toString(), k.source());
        assertEquals(16, k.fingerprint().length());
    }

    @Test
    public void minimumAndMaximumSizesAreAccepted() throws Exception {
        assertEquals(1024, AuthKey.read(key("min", 128, "r--------")).bits());
        assertEquals(4096 * 8, AuthKey.read(key("max", 4096, "rw-------")).bits());
    }

    @Test
    public void onlyTheFirst4096BytesOfALongerFileAreUsed() throws Exception {
        Path longer = key("long", 5000, "r--------");
        AuthKey k = AuthKey.read(longer);
        assertEquals(4096, k.length());
        Path exact = dir.resolve("exact");
        Files.write(exact, java.util.Arrays.copyOf(Files.readAllBytes(longer), 4096));
        Files.setPosixFilePermissions(exact, PosixFilePermissions.fromString("r--------"));
        assertEquals(AuthKey.read(exact).fingerprint(), k.fingerprint());
    }

    @Test
    public void shortFileIsRefusedWithBitCounts() throws Exception {
        Path p = key("short", 64, "r--------");
        assertEquals("Could only read 512 bits of 1024 bits from " + p + ".", failure(p, null));
        Path q = key("one-short", 127, "r--------");
        assertEquals("Could only read 1016 bits of 1024 bits from " + q + ".", failure(q, null));
        Path e = key("empty", 0, "r--------");
        assertEquals("Could only read 0 bits of 1024 bits from " + e + ".", failure(e, null));
    }

    @Test
    public void missingFileNamesTheFileAndTheReason() {
        Path p = dir.resolve("nope");
        assertEquals("Could not open " + p + ": No such file or directory", failure(p, null));
    }

    @Test
    public void worldReadableKeyIsRefusedWithModeAndFix() throws Exception {
        Path p = key("open", 128, "rw-r--r--");
        String m = failure(p, null);
        assertEquals("Refusing authkey " + p + ": its mode 0644 lets every user read it; run chmod 400 " + p, m);
    }

    @Test
    public void worldWritableAndGroupWritableKeysAreRefused() throws Exception {
        Path w = key("ww", 128, "rw-----w-");
        assertTrue(failure(w, null), failure(w, null).contains("its mode 0602 lets every user write it; run chmod 400 " + w));
        Path g = key("gw", 128, "rw-rw----");
        assertTrue(failure(g, null), failure(g, null).contains("its mode 0660 lets its group replace it; run chmod 400 " + g));
    }

    @Test
    public void groupReadableKeyIsAccepted() throws Exception {
        assertEquals(1024, AuthKey.read(key("gr", 128, "r--r-----")).bits());
    }

    @Test
    public void keyfileWinsAndHasNoFallback() throws Exception {
        Path good = key("good", 128, "r--------");
        Path missing = dir.resolve("missing");
        assertEquals(good.toString(), AuthKey.load(good, List.of(missing)).source());
        assertEquals("Could not open " + missing + ": No such file or directory", failure(missing, List.of(good)));
    }

    @Test
    public void firstExistingCandidateIsUsed() throws Exception {
        Path second = key("second", 128, "r--------");
        Path first = dir.resolve("first");
        assertEquals(second.toString(), AuthKey.load(null, List.of(first, second)).source());
    }

    @Test
    public void noCandidateExistsNamesTheFirstAndListsTheOthers() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals("Could not open " + a + ": No such file or directory (also looked for " + b + ")",
                failure(null, List.of(a, b)));
    }

    @Test
    public void defaultCandidatesAreEnvThenEtcCorosyncThenTheDistribution() {
        Path home = Path.of("/opt/chorus");
        assertEquals(List.of(Path.of("/etc/corosync/authkey"), Path.of("/opt/chorus/etc/authkey")),
                AuthKey.defaultCandidates(Map.of(), home));
        assertEquals(List.of(Path.of("/k"), Path.of("/etc/corosync/authkey"), Path.of("/opt/chorus/etc/authkey")),
                AuthKey.defaultCandidates(Map.of(AuthKey.ENV_KEYFILE, "/k"), home));
    }

    @Test
    public void inlineKeySizeRules() throws Exception {
        assertEquals(1024, AuthKey.of(new byte[128], "totem.key").bits());
        try {
            AuthKey.of(new byte[127], "totem.key");
            fail();
        } catch (AuthKeyException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("totem.key: key is too short"));
        }
        try {
            AuthKey.of(new byte[4097], "totem.key");
            fail();
        } catch (AuthKeyException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("totem.key: key is too long"));
        }
    }

    @Test
    public void toStringNeverShowsMaterial() throws Exception {
        byte[] m = new byte[128];
        java.util.Arrays.fill(m, (byte) 0x41);
        AuthKey k = AuthKey.of(m, "test");
        String s = k.toString();
        assertFalse(s, s.contains("AAAA"));
        assertTrue(s, s.contains("1024 bits") && s.contains(k.fingerprint()));
        assertNotEquals(k.fingerprint(), AuthKey.of(new byte[128], "zero").fingerprint());
    }

    @Test
    public void modeFormatting() {
        assertEquals("0400", AuthKey.mode(PosixFilePermissions.fromString("r--------")));
        assertEquals("0755", AuthKey.mode(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @Test
    public void aDirectoryIsNotAKey() throws Exception {
        Path d = Files.createDirectory(dir.resolve("keydir"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-x------"));
        String m = failure(d, null);
        assertTrue(m, m.startsWith("Could not read " + d + ": ") || m.startsWith("Could not open " + d + ": "));
        assertTrue(m, m.contains("directory"));
    }

    /** The temporary directory goes with the test, not into /tmp for good. */
    @org.junit.After
    public void deleteTemporaryDirectory() throws java.io.IOException {
        if (dir != null) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
