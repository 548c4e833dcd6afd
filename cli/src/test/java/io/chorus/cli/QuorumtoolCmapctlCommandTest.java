package io.chorus.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Argument handling and the no-node path of quorumtool and cmapctl. Their output against a live node is checked
 * where an executive runs (in-container and cluster tests), not here: cli stays a plain jar without the executive.
 */
public class QuorumtoolCmapctlCommandTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CliContext ctx() {
        Properties p = new Properties();
        p.setProperty("chorus.ipc.socket", tmp.getRoot().toPath().resolve("none.sock").toString());
        return new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), p);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void quorumtoolWithoutANodeFailsWithCorosyncsWording() {
        assertEquals(1, new QuorumtoolCommand().run(List.of("-s"), ctx()));
        assertTrue(err(), err().startsWith("Cannot initialize QUORUM service: CS_ERR_"));
    }

    @Test
    public void quorumtoolRejectsABadExpectedValue() {
        assertEquals(1, new QuorumtoolCommand().run(List.of("-e", "x"), ctx()));
        assertTrue(err(), err().contains("New expected votes value was not valid"));
        assertEquals(1, new QuorumtoolCommand().run(List.of("-q"), ctx()));
    }

    @Test
    public void cmapctlWithoutANodeFailsWithCorosyncsWording() {
        assertEquals(1, new CmapctlCommand().run(List.of("-g", "totem.token"), ctx()));
        assertTrue(err(), err().startsWith("Failed to initialize the cmap API. Error CS_ERR_"));
    }

    @Test
    public void nodeOptionPicksTheLocalClusterSocket() {
        List<String> args = new java.util.ArrayList<>(List.of("--node", "2", "-l"));
        assertEquals("2", IpcTarget.takeNode(args));
        assertEquals(List.of("-l"), args);
        Path p = IpcTarget.socket(new CliContext(System.out, System.err, Map.of("CHORUS_CLUSTER_DIR", "/c"),
                new Properties()), "2");
        assertEquals(Path.of("/c/node2/data/run/chorus.sock"), p);
    }

    @Test
    public void bothAreListedByMain() {
        java.util.ServiceLoader<Subcommand> all = java.util.ServiceLoader.load(Subcommand.class);
        List<String> names = all.stream().map(p -> p.get().name()).toList();
        assertTrue(names.toString(), names.contains("quorumtool") && names.contains("cmapctl"));
    }
}
