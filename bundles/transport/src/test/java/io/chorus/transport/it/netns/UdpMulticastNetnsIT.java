package io.chorus.transport.it.netns;

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
 * Five NodeMain JVMs, each in its own network namespace on a bridge, with {@code transport: udp} (multicast): they
 * form one ring (each finds its nodelist entry by its own address), deliver in agreed order, heal after a partition
 * ({@code ip link set down}) and keep delivering everything, in order, under 5% and 20% random loss (iptables
 * {@code statistic}; this kernel has no netem). Run with {@code -Pnetns} (root, ip netns, iptables).
 */
public class UdpMulticastNetnsIT {

    @Rule
    public Timeout timeout = Timeout.seconds(240);

    private static final int NODES = 5;

    private static String config(Netns net, Path state) {
        StringBuilder b = new StringBuilder("""
                totem {
                    version: 2
                    cluster_name: netnsit
                    transport: udp
                    token: 1000
                    token_coefficient: 0
                    interface {
                        linknumber: 0
                        mcastaddr: 239.192.233.7
                        mcastport: 5405
                    }
                }
                nodelist {
                """);
        for (int i = 1; i <= NODES; i++) {
            b.append("    node {\n        ring0_addr: ").append(net.address(i)).append("\n        nodeid: ").append(i)
                    .append("\n    }\n");
        }
        return b.append("}\nsystem {\n    state_dir: ").append(state).append("\n}\n").toString();
    }

    @Test
    public void multicastRingSurvivesPartitionAndLoss() throws Exception {
        String why = Netns.unavailable();
        if (why != null) {
            System.err.println("SKIPPED UdpMulticastNetnsIT: " + why);
        }
        assumeTrue(why, why == null);
        List<NodeProcess> all = new ArrayList<>();
        try (Netns net = new Netns(NODES)) {
            net.setUp();
            Path work = NodeProcess.workDir("netns-" + System.currentTimeMillis());
            Path conf = work.resolve("corosync.conf");
            Files.writeString(conf, config(net, work.resolve("state")));
            NodeProcess[] nodes = new NodeProcess[NODES + 1];
            for (int n = 1; n <= NODES; n++) {
                nodes[n] = NodeProcess.start("n" + n, work.resolve("n" + n + ".log"), net.node(n),
                        List.of("-c", conf.toString()));
                all.add(nodes[n]);
            }
            String everyone = "members=1,2,3,4,5 ";
            for (int n = 1; n <= NODES; n++) {
                nodes[n].await("the ring of 5", 0, 60_000, l -> l.startsWith("CONFIG REGULAR") && l.contains(everyone));
            }
            AgreedRounds.round(nodes, "clean", 50);

            // partition: node 5's link down; 1..4 go on without it, 5 alone; link up: 5 again
            int[] mark = AgreedRounds.marks(nodes);
            net.link(5, false);
            for (int n = 1; n <= 4; n++) {
                nodes[n].await("the ring of 1..4", mark[n], 30_000,
                        l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,2,3,4 "));
            }
            nodes[5].await("node 5 alone", mark[5], 30_000, l -> l.startsWith("CONFIG REGULAR") && l.contains("members=5 "));
            mark = AgreedRounds.marks(nodes);
            net.link(5, true);
            for (int n = 1; n <= NODES; n++) {
                nodes[n].await("the ring of 5 again", mark[n], 60_000,
                        l -> l.startsWith("CONFIG REGULAR") && l.contains(everyone));
            }

            // random loss on every node's input
            net.loss(0.05);
            AgreedRounds.round(nodes, "loss5", 150);
            net.loss(0.20);
            AgreedRounds.round(nodes, "loss20", 100);
            long dropped = net.dropped();
            net.loss(0);
            AgreedRounds.sameHistory(nodes);
            // the loss was real: datagrams were dropped (and yet every node delivered the same history). How many
            // retransmissions it took varies: a dropped token ends in a new ring whose recovery re-sends instead.
            org.junit.Assert.assertTrue("datagrams dropped under loss: " + dropped, dropped > 0);
            long retransmits = 0;
            for (int n = 1; n <= NODES; n++) {
                int from = nodes[n].lineCount();
                nodes[n].command("status");
                retransmits += Long.parseLong(NodeProcess.field(
                        nodes[n].await("status", from, 10_000, l -> l.startsWith("STATUS")), "retransmits"));
            }
            System.out.println("udp multicast ring under loss: " + dropped + " datagrams dropped, " + retransmits
                    + " retransmissions");
        } finally {
            for (NodeProcess p : all) {
                p.kill();
            }
        }
    }
}
