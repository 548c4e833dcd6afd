package io.chorus.transport.it.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import io.chorus.transport.it.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Three nodes with two rings (two bridges, eth0/eth1 in each namespace), {@code transport: udpu}: with ring 0's bridge
 * down the cluster keeps delivering on ring 1 with no membership change, every node marks ring 0 FAULTY, and once
 * the bridge is back {@code reenable-all} (cfgtool -r) re-enables it everywhere. Once per {@code rrp_mode}.
 */
public class RedundantRingNetnsIT {

    @Rule
    public Timeout timeout = Timeout.seconds(200);

    private static final int NODES = 3;

    @Test
    public void passive() throws Exception {
        run("passive");
    }

    @Test
    public void active() throws Exception {
        run("active");
    }

    private static String config(Netns net, Path state, String mode) {
        StringBuilder b = new StringBuilder("""
                totem {
                    version: 2
                    cluster_name: rrpit
                    transport: udpu
                    rrp_mode: %s
                    token: 1000
                    token_coefficient: 0
                    interface {
                        ringnumber: 0
                        mcastport: 5405
                    }
                    interface {
                        ringnumber: 1
                        mcastport: 5407
                    }
                }
                nodelist {
                """.formatted(mode));
        for (int i = 1; i <= NODES; i++) {
            b.append("    node {\n        ring0_addr: ").append(net.address(i, 0)).append("\n        ring1_addr: ")
                    .append(net.address(i, 1)).append("\n        nodeid: ").append(i).append("\n    }\n");
        }
        return b.append("}\nsystem {\n    state_dir: ").append(state).append("\n}\n").toString();
    }

    private void run(String mode) throws Exception {
        String why = Netns.unavailable();
        if (why != null) {
            System.err.println("SKIPPED RedundantRingNetnsIT: " + why);
        }
        assumeTrue(why, why == null);
        List<NodeProcess> all = new ArrayList<>();
        try (Netns net = new Netns(NODES, 2)) {
            net.setUp();
            Path work = NodeProcess.workDir("rrp-" + mode + "-" + System.currentTimeMillis());
            Path conf = work.resolve("corosync.conf");
            Files.writeString(conf, config(net, work.resolve("state"), mode));
            NodeProcess[] nodes = new NodeProcess[NODES + 1];
            for (int n = 1; n <= NODES; n++) {
                nodes[n] = NodeProcess.start("n" + n, work.resolve("n" + n + ".log"), net.node(n),
                        List.of("-c", conf.toString()));
                all.add(nodes[n]);
            }
            for (int n = 1; n <= NODES; n++) {
                nodes[n].await("the ring of 3", 0, 60_000,
                        l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,2,3 "));
            }
            int configsBefore = nodes[1].lines("CONFIG").size();

            net.bridge(0, false);
            nodes[1].command("sendmany 40 down");
            for (int n = 1; n <= NODES; n++) {
                NodeProcess p = nodes[n];
                p.await("40 deliveries on ring 1", 0, 60_000, l -> p.lines("DELIVER").size() >= 40);
                awaitStatus(p, "rings=0:FAULTY,1:ok", 60_000);
            }
            assertEquals("no membership change while ring 0 was down", configsBefore, nodes[1].lines("CONFIG").size());

            net.bridge(0, true);
            nodes[1].command("reenable-all");
            for (int n = 1; n <= NODES; n++) {
                awaitStatus(nodes[n], "rings=0:ok,1:ok", 30_000);
            }
            nodes[2].command("sendmany 20 up");
            for (int n = 1; n <= NODES; n++) {
                NodeProcess p = nodes[n];
                p.await("60 deliveries", 0, 60_000, l -> p.lines("DELIVER").size() >= 60);
            }
            assertEquals(nodes[1].lines("DELIVER"), nodes[2].lines("DELIVER"));
            assertEquals(nodes[1].lines("DELIVER"), nodes[3].lines("DELIVER"));
            assertEquals("no membership change at all", configsBefore, nodes[1].lines("CONFIG").size());
        } finally {
            for (NodeProcess p : all) {
                p.kill();
            }
        }
    }

    /** Polls the node's status (stdin command) until its line contains {@code text}. */
    private static void awaitStatus(NodeProcess p, String text, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            int mark = p.lineCount();
            p.command("status");
            String line = p.await("a status line", mark, 10_000, l -> l.startsWith("STATUS"));
            if (line.contains(text)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(p + ": status never showed " + text + "; last: " + line);
            }
            Thread.sleep(250);
        }
    }
}
