package io.chorus.crypto;

import org.junit.Before;
import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** keygen: sizes, mode 0400, atomic replace, what corosync-keygen refuses. */
public class KeygenToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path dir;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("chorus-keygen");
    }

    private int run(Path defaultFile, String... args) {
        return KeygenTool.run("chorus keygen", List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), defaultFile);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void defaultWrites2048BitsWithMode0400ToTheDefaultFile() throws Exception {
        Path f = dir.resolve("authkey");
        assertEquals(0, run(f, "-l"));
        assertEquals(256, Files.size(f));
        assertEquals(PosixFilePermissions.fromString("r--------"), Files.getPosixFilePermissions(f));
        assertTrue(out(), out().contains("Gathering 2048 bits for key from the default SecureRandom"));
        assertTrue(out(), out().contains("Writing corosync key to " + f + ".\n"));
        assertEquals("", err());
        assertEquals(2048, AuthKey.read(f).bits());
        try (var s = Files.list(dir)) {
            assertEquals("no temporary file left", 1, s.count());
        }
    }

    @Test
    public void strongSourceIsTheDefault() throws Exception {
        Path f = dir.resolve("strong");
        assertEquals(0, run(null, "-k", f.toString(), "-s", "128"));
        assertEquals(128, Files.size(f));
        assertTrue(out(), out().contains("Gathering 1024 bits for key from the strong SecureRandom"));
    }

    @Test
    public void sizeIsInBytesAsCorosyncKeygenWithItsRange() throws Exception {
        Path f = dir.resolve("k");
        assertEquals(0, run(null, "-l", "-k", f.toString(), "-s", "4096"));
        assertEquals(4096, Files.size(f));
        assertEquals(0, run(null, "-l", "--key-file=" + f, "--size=128"));
        assertEquals(128, Files.size(f));
        assertEquals(0, run(null, "-l", "-k" + f, "-s200"));
        assertEquals(200, Files.size(f));
    }

    @Test
    public void refusesSizesOutsideCorosyncsRange() {
        Path f = dir.resolve("k");
        for (String s : new String[] {"127", "4097", "0", "-1", "2k", ""}) {
            err.reset();
            assertEquals(s, 1, run(null, "-l", "-k", f.toString(), "-s", s));
            assertTrue(err(), err().contains("Unsupported key size (supported <128,4096>)"));
        }
        assertFalse(Files.exists(f));
    }

    @Test
    public void replacesAnExistingKeyAndSaysSo() throws Exception {
        Path f = dir.resolve("authkey");
        assertEquals(0, run(f, "-l"));
        byte[] first = Files.readAllBytes(f);
        out.reset();
        assertEquals(0, run(f, "-l"));
        assertTrue(out(), out().contains("(The existing key was replaced.)"));
        assertFalse(Arrays.equals(first, Files.readAllBytes(f)));
        assertEquals(PosixFilePermissions.fromString("r--------"), Files.getPosixFilePermissions(f));
    }

    @Test
    public void missingDirectoryIsAnError() {
        Path f = dir.resolve("no/such/dir/authkey");
        assertEquals(2, run(null, "-l", "-k", f.toString()));
        assertTrue(err(), err().contains("Could not create " + f + ": No such file or directory"));
    }

    @Test
    public void randomFileOption() throws Exception {
        Path src = dir.resolve("random");
        byte[] b = new byte[300];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        Files.write(src, b);
        Path f = dir.resolve("k");
        assertEquals(0, run(null, "-k", f.toString(), "-r", src.toString(), "-s", "200"));
        assertArrayEquals(Arrays.copyOf(b, 200), Files.readAllBytes(f));
        assertEquals(2, run(null, "-k", f.toString(), "-r", src.toString(), "-s", "400"));
        assertTrue(err(), err().contains("Could only read 2400 bits of 3200 bits from " + src));
    }

    @Test
    public void usageAndBadOptions() {
        assertEquals(0, run(Path.of("/etc/corosync/authkey"), "-h"));
        assertTrue(out(), out().startsWith("usage: chorus keygen [-k FILE] [-s BYTES] [-l]"));
        assertTrue(out(), out().contains("instead of /etc/corosync/authkey"));
        assertEquals(1, run(null, "-x"));
        assertTrue(err(), err().contains("unexpected argument '-x'"));
        assertEquals(1, run(null, "-k"));
        assertTrue(err(), err().contains("option -k needs a value"));
    }

    @Test
    public void keyGeneratorApiChecksSize() throws Exception {
        Path f = dir.resolve("api");
        KeyGenerator.generate(f, 512, KeyGenerator.lessSecureRandom());
        assertEquals(4096, AuthKey.read(f).bits());
        try {
            KeyGenerator.generate(f, 100, KeyGenerator.lessSecureRandom());
            org.junit.Assert.fail();
        } catch (IllegalArgumentException e) {
            assertEquals("Unsupported key size (supported <128,4096>)", e.getMessage());
        }
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
