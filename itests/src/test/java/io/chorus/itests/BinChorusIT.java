package io.chorus.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The distribution's {@code bin/chorus} as a user runs it, outside Karaf: from the unpacked assembly,
 * with only {@code lib/chorus/} on its class path.
 */
public class BinChorusIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Path home() {
        Path home = Path.of(ChorusKaraf.required("chorus.assembly.dir"));
        assertTrue(home + "/bin/chorus is executable", Files.isExecutable(home.resolve("bin/chorus")));
        return home;
    }

    private record Run(int exit, String output) { }

    private static Run run(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(home.resolve("bin/chorus").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
        pb.environment().remove("CHORUS_HOME");
        pb.environment().remove("COROSYNC_MAIN_CONFIG_FILE");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue("bin/chorus finished within 60 s", p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    public void checkAcceptsTheShippedCorosyncConf() throws Exception {
        Path home = home();
        Run r = run(home, "check", "-c", "etc/corosync.conf");
        assertEquals(r.output(), 0, r.exit());
        assertTrue(r.output(), r.output().contains("valid"));
    }

    @Test
    public void checkRejectsABrokenFileWithFileLineAndReason() throws Exception {
        Path home = home();
        File bad = tmp.newFile("corosync.conf");
        Files.writeString(bad.toPath(), "totem {\n\tversion: 2\n\ttoken: abc\n}\n");
        Run r = run(home, "check", "-c", bad.getPath());
        assertEquals(r.output(), 8, r.exit());
        assertTrue(r.output(), r.output().contains(bad.getPath() + ":3:"));
    }
}
