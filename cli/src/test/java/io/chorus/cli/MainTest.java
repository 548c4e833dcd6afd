package io.chorus.cli;

import org.junit.Before;
import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** {@code chorus} through {@link Main#run}: exit codes and output shape. */
public class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private final Properties props = new Properties();
    private Path dir;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("chorus-cli");
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

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static final String VALID = "totem {\n version: 2\n secauth: off\n token: 2000\n interface {\n"
            + "  ringnumber: 0\n  bindnetaddr: 127.0.0.0\n  mcastaddr: 239.255.1.1\n  mcastport: 5405\n }\n}\n"
            + "service {\n name: corosync_cpg\n ver: 0\n}\n";

    @Test
    public void validFileExitsZeroWithSummary() throws Exception {
        Path f = write("corosync.conf", VALID);
        assertEquals(0, run("check", "-c", f.toString()));
        String o = out();
        assertTrue(o, o.startsWith(f + ": valid, whitetank / Corosync 1.x style"));
        assertTrue(o, o.contains("transport:  udp, rrp_mode none"));
        assertTrue(o, o.contains("ring 0:     bindnetaddr 127.0.0.0, mcastaddr 239.255.1.1, port 5405"));
        assertTrue(o, o.contains("services:   corosync_cpg ver 0"));
        assertTrue(o, o.contains("token 2000, token_retransmit 476 (derived), hold 370 (derived), join 50, consensus 2400 (derived)"));
    }

    @Test
    public void invalidFileExitsEightWithFileLineReasonOnStderr() throws Exception {
        Path f = write("corosync.conf", VALID.replace("  mcastaddr: 239.255.1.1\n", ""));
        assertEquals(8, run("check", "-c", f.toString()));
        assertTrue(err(), err().contains(f + ":5: No multicast address specified\n"));
        assertEquals("", out());
    }

    @Test
    public void warningsAreReportedWithTheirLine() throws Exception {
        Path f = write("corosync.conf", VALID.replace(" token: 2000\n", " tokn: 2000\n"));
        assertEquals(0, run("check", "-c", f.toString()));
        assertTrue(err(), err().contains(f + ":4: warning: unknown key 'tokn' in section totem ignored"));
    }

    @Test
    public void hostDependentFindingsAreWarningsInCheck() throws Exception {
        Path f = write("corosync.conf", "totem {\n version: 2\n}\nnodelist {\n node {\n  ring0_addr: 192.0.2.77\n"
                + "  nodeid: 1\n }\n}\nsystem {\n state_dir: /nonexistent/chorus-state\n}\n");
        assertEquals(0, run("check", "-c", f.toString()));
        assertTrue(err(), err().contains(f + ":5: warning: No valid name found for local host"));
        assertTrue(err(), err().contains(f + ":11: warning: state_dir /nonexistent/chorus-state does not exist"));
    }

    @Test
    public void unreadableFileExitsEight() {
        assertEquals(8, run("check", "-c", dir.resolve("missing.conf").toString()));
        assertTrue(err(), err().contains(dir.resolve("missing.conf") + ": Can't read file reason = (No such file or directory)"));
    }

    @Test
    public void defaultFileComesFromEnvThenPropertyThenHome() throws Exception {
        Path fromEnv = write("env/corosync.conf", VALID);
        Path fromProp = write("prop/corosync.conf", "broken {\n");
        write("home/etc/corosync.conf", VALID.replace("token: 2000", "token: 3000"));
        env.put("COROSYNC_MAIN_CONFIG_FILE", fromEnv.toString());
        props.setProperty("chorus.config", fromProp.toString());
        assertEquals(0, run("check"));
        assertTrue(out().startsWith(fromEnv.toString()));
        env.clear();
        assertEquals(8, run("check"));
        props.clear();
        props.setProperty("chorus.home", dir.resolve("home").toString());
        out.reset();
        assertEquals(0, run("check"));
        assertTrue(out(), out().contains("token 3000"));
    }

    @Test
    public void distributionDefaultConfigIsValid() {
        props.setProperty("chorus.home", Path.of(System.getProperty("user.dir")).resolve("..").normalize().toString());
        assertEquals(err(), 0, run("check"));
        assertTrue(out(), out().contains("nodes:      3 (1 127.0.0.1 node1, 2 127.0.0.2 node2, 3 127.0.0.3 node3)"));
        assertTrue(out(), out().contains("token 3650 (derived)"));
        assertFalse(err(), err().contains("No valid name found for local host"));
    }

    @Test
    public void usageAndUnknownSubcommandsExitOne() {
        assertEquals(1, run("--help"));
        assertTrue(out(), out().contains("check"));
        assertEquals(1, run());
        assertEquals(1, run("frobnicate"));
        assertTrue(err(), err().contains("unknown subcommand 'frobnicate'"));
        assertEquals(1, run("check", "--bogus"));
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
