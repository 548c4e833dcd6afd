package io.chorus.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * README's first command: {@code bin/chorus-cluster start} on the unpacked distribution makes three Karaf nodes
 * that form one ring on 127.0.0.1..3, {@code status} sees them, {@code chorus cfgtool --node 2 -s} reaches node 2's
 * cfg engine over its own IPC socket, and {@code stop} ends them. Every node is killed by its saved process group
 * in {@code finally}, whatever happened.
 */
public class LocalClusterIT {

    private record Run(int exit, String output) { }

    private static Run run(Path home, Path clusterDir, long timeoutSeconds, String... cmd)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cmd));
        command.set(0, home.resolve(cmd[0]).toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
        pb.environment().remove("CHORUS_HOME");
        pb.environment().put("CHORUS_CLUSTER_DIR", clusterDir.toString());
        // Ports apart from a node started by hand (8101...) and from the Pax Exam containers.
        pb.environment().put("CHORUS_CLUSTER_SSH_BASE", "18100");
        pb.environment().put("CHORUS_CLUSTER_RMI_BASE", "11100");
        pb.environment().put("CHORUS_CLUSTER_RMI_SERVER_BASE", "14440");
        pb.environment().put("CHORUS_CLUSTER_TIMEOUT", "70");
        Path out = clusterDir.resolve("out-" + System.nanoTime() + ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
        }
        // This run's own file: target/cluster keeps the outputs of earlier builds, and file names do not sort by time.
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    public void threeNodesFormOneRingAndStop() throws Exception {
        Path home = Path.of(ChorusKaraf.required("chorus.assembly.dir"));
        Path clusterDir = Path.of(ChorusKaraf.required("project.build.directory"), "cluster");
        Files.createDirectories(clusterDir);
        try {
            Run start = run(home, clusterDir, 85, "bin/chorus-cluster", "start", "3");
            assertEquals(start.output(), 0, start.exit());
            assertTrue(start.output(), start.output().contains("was formed. Members [1, 2, 3]"));
            for (int i = 1; i <= 3; i++) {
                String log = Files.readString(clusterDir.resolve("node" + i + "/data/log/karaf.log"));
                assertTrue("node " + i, log.contains("node " + i + ": A new membership"));
            }
            Run status = run(home, clusterDir, 20, "bin/chorus-cluster", "status");
            assertEquals(status.output(), 0, status.exit());

            Run cfgtool = run(home, clusterDir, 60, "bin/chorus", "cfgtool", "--node", "2", "-s");
            assertEquals(cfgtool.output(), 0, cfgtool.exit());
            assertTrue(cfgtool.output(), cfgtool.output().contains("Local node ID 2"));
            assertTrue(cfgtool.output(), cfgtool.output().contains("ring 0 active with no faults"));

            Run stop = run(home, clusterDir, 40, "bin/chorus-cluster", "stop");
            assertEquals(stop.output(), 0, stop.exit());
            for (int i = 1; i <= 3; i++) {
                assertTrue("node " + i + " stopped", !Files.exists(clusterDir.resolve("node" + i + "/pgid")));
            }
        } finally {
            killAll(clusterDir);
        }
    }

    /** SIGKILL to every saved process group that still lives (a failed or timed-out run). */
    private static void killAll(Path clusterDir) throws IOException, InterruptedException {
        for (int i = 1; i <= 3; i++) {
            Path pgid = clusterDir.resolve("node" + i + "/pgid");
            if (Files.exists(pgid)) {
                String id = Files.readString(pgid).trim();
                new ProcessBuilder("kill", "-KILL", "--", "-" + id).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
