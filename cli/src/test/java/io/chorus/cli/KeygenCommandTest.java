package io.chorus.cli;

import org.junit.Before;
import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** {@code chorus keygen} through {@link Main#run}. */
public class KeygenCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private final Properties props = new Properties();
    private Path dir;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("chorus-cli-keygen");
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, props);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void listedInTheUsage() {
        assertEquals(1, run());
        assertTrue(out(), out().contains("keygen       generate an authkey (like corosync-keygen)"));
    }

    @Test
    public void writesTheKeyGivenWithK() throws Exception {
        Path f = dir.resolve("authkey");
        assertEquals(0, run("keygen", "-l", "-k", f.toString(), "-s", "128"));
        assertEquals(128, Files.size(f));
        assertEquals(PosixFilePermissions.fromString("r--------"), Files.getPosixFilePermissions(f));
        assertTrue(out(), out().contains("Gathering 1024 bits for key from the default SecureRandom"));
        assertTrue(out(), out().contains("Writing corosync key to " + f + "."));
    }

    @Test
    public void defaultFileFromPropertyThenEnvironment() throws Exception {
        Path fromEnv = dir.resolve("env-key");
        env.put("COROSYNC_TOTEM_AUTHKEY_FILE", fromEnv.toString());
        assertEquals(0, run("keygen", "-l"));
        assertEquals(256, Files.size(fromEnv));
        Path fromProp = dir.resolve("prop-key");
        props.setProperty("chorus.authkey", fromProp.toString());
        assertEquals(0, run("keygen", "-l"));
        assertEquals(256, Files.size(fromProp));
    }

    @Test
    public void refusesBadSizeWithCorosyncsMessage() {
        Path f = dir.resolve("authkey");
        assertEquals(1, run("keygen", "-k", f.toString(), "-s", "64"));
        assertTrue(err(), err().contains("Unsupported key size (supported <128,4096>)"));
        assertFalse(Files.exists(f));
    }

    @Test
    public void helpShowsCorosyncDefault() {
        assertEquals(0, run("keygen", "-h"));
        assertTrue(out(), out().contains("usage: chorus keygen [-k FILE] [-s BYTES] [-l]"));
        assertTrue(out(), out().contains("/etc/corosync/authkey"));
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
