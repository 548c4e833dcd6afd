package io.chorus.transport.it.netns;

import static org.junit.Assert.assertTrue;
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
 * Three NodeMain JVMs, each in its own network namespace on a bridge, over IPv6 only: every link has a ULA address
 * ({@code fd00:77:<x>:0::<n>/64}, {@link Netns#ipv6()}) and the configurations name no IPv4 address. Explicit nodeids
 * throughout (IPv6 has no derived nodeid, corosync-wire.md §1.0).
 * <ul>
 * <li>{@code transport: udpu} with IPv6 ring0_addr literals: the ring of 3 forms and delivers in agreed order, a node
 * killed with SIGKILL leaves the membership and, restarted, joins again.</li>
 * <li>{@code transport: udp} with a nodelist and no mcastaddr: the group is derived from cluster_name
 * ({@code ff15::<hex h>}); the ring forms and delivers in agreed order.</li>
 * <li>{@code transport: udp} the Corosync 1.x way: no nodelist, {@code bindnetaddr} an IPv6 network,
 * {@code mcastaddr ff15::...}, {@code ttl: 2} (the hop limit), {@code totem.nodeid} per node; peers are learnt from
 * their packets.</li>
 * </ul>
 * Run with {@code -Pnetns} (root, ip netns).
 */
public class Ipv6NetnsIT {

    @Rule
    public Timeout timeout = Timeout.seconds(200);

    private static final int NODES = 3;
    private static final String ALL = "members=1,2,3 ";

    private static final String TOTEM = """
            totem {
                version: 2
                cluster_name: %s
                transport: %s
                token: 1000
                token_coefficient: 0
            %s}
            """;

    private static String nodelist(Netns net) {
        StringBuilder b = new StringBuilder("nodelist {\n");
        for (int i = 1; i <= NODES; i++) {
            b.append("    node {\n        ring0_addr: ").append(net.address6(i)).append("\n        nodeid: ").append(i)
                    .append("\n    }\n");
        }
        return b.append("}\n").toString();
    }

    private static String system(Path state) {
        return "system {\n    state_dir: " + state + "\n}\n";
    }

    @Test
    public void udpuRingOverIpv6SurvivesAKilledNode() throws Exception {
        String conf = TOTEM.formatted("v6udpu", "udpu", """
                    interface {
                        linknumber: 0
                        mcastport: 5405
                    }
                """);
        run("udpu", (net, work) -> {
            Path file = work.resolve("corosync.conf");
            Files.writeString(file, conf + nodelist(net) + system(work.resolve("state")));
            return file;
        }, (net, work, nodes, starter) -> {
            AgreedRounds.round(nodes, "v6", 50);

            // kill -9 node 3: 1 and 2 go on without it
            int[] mark = AgreedRounds.marks(nodes);
            nodes[3].kill9();
            for (int n = 1; n <= 2; n++) {
                nodes[n].await("the ring of 1,2", mark[n], 30_000,
                        l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,2 "));
            }
            AgreedRounds.round(new NodeProcess[] {null, nodes[1], nodes[2]}, "v6two", 30);

            // node 3 again, a new process on the same address: it rejoins
            mark = AgreedRounds.marks(nodes);
            nodes[3] = starter.start(3, "n3-restarted");
            for (int n = 1; n <= NODES; n++) {
                nodes[n].await("the ring of 3 again", n == 3 ? 0 : mark[n], 60_000,
                        l -> l.startsWith("CONFIG REGULAR") && l.contains(ALL));
            }
            AgreedRounds.round(nodes, "v6again", 50);
        });
    }

    @Test
    public void udpMulticastOverIpv6WithTheGroupFromTheClusterName() throws Exception {
        String conf = TOTEM.formatted("v6udp", "udp", """
                    interface {
                        linknumber: 0
                        mcastport: 5405
                    }
                """);
        run("udp", (net, work) -> {
            Path file = work.resolve("corosync.conf");
            Files.writeString(file, conf + nodelist(net) + system(work.resolve("state")));
            return file;
        }, (net, work, nodes, starter) -> {
            AgreedRounds.round(nodes, "v6mc", 100);
            AgreedRounds.sameHistory(nodes);
            assertGroupJoined(net, "ff15::");
        });
    }

    @Test
    public void udpMulticastOverIpv6WithBindnetaddrAndNoNodelist() throws Exception {
        run("udp-bindnet", null, (net, work, nodes, starter) -> {
            AgreedRounds.round(nodes, "v6bind", 100);
            AgreedRounds.sameHistory(nodes);
            for (int n = 1; n <= NODES; n++) {
                for (int other = 1; other <= NODES; other++) {
                    if (other != n) {
                        // getHostAddress() does not compress zeros: fd00:77:x:0:0:0:0:2
                        String at = " at " + java.net.InetAddress.getByName(net.address6(other)).getHostAddress();
                        String learned = "learned nodeid " + other + at;
                        assertTrue("node " + n + ": " + learned, nodes[n].lines().stream().anyMatch(l -> l.contains(learned)));
                    }
                }
            }
            assertGroupJoined(net, "ff15::77:6");
        });
    }

    /**
     * The 1.x layout: every node its own file, as {@code totem.nodeid} is required with an IPv6 bindnetaddr
     * ({@code secauth} defaults to on in that layout: off, no authkey).
     */
    private static Path bindnetConfig(Netns net, Path work, int n) throws Exception {
        Path file = work.resolve("corosync-" + n + ".conf");
        Files.writeString(file, TOTEM.formatted("v6bind", "udp", """
                    nodeid: %d
                    secauth: off
                    interface {
                        ringnumber: 0
                        bindnetaddr: %s
                        mcastaddr: ff15::77:6
                        mcastport: 5405
                        ttl: 2
                    }
                """.formatted(n, net.network6(0))) + system(work.resolve("state")));
        return file;
    }

    /** Every node's eth0 is a member of an IPv6 group starting with {@code prefix} (ip maddr). */
    private static void assertGroupJoined(Netns net, String prefix) throws Exception {
        for (int n = 1; n <= NODES; n++) {
            Process p = new ProcessBuilder("ip", "netns", "exec", net.node(n), "ip", "-6", "maddr", "show", "dev", "eth0")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue("node " + n + " joined " + prefix + "... on eth0:\n" + out, out.contains("inet6 " + prefix));
        }
    }

    interface Configs {
        /** The shared configuration file, or null for one per node ({@link #bindnetConfig}). */
        Path write(Netns net, Path work) throws Exception;
    }

    interface Starter {
        NodeProcess start(int n, String logName) throws Exception;
    }

    interface Scenario {
        void run(Netns net, Path work, NodeProcess[] nodes, Starter starter) throws Exception;
    }

    /** Sets up 3 IPv6 namespaces, starts the nodes, waits for the ring of 3, runs the scenario, cleans up. */
    private static void run(String name, Configs configs, Scenario scenario) throws Exception {
        String why = Netns.unavailable();
        if (why != null) {
            System.err.println("SKIPPED Ipv6NetnsIT: " + why);
        }
        assumeTrue(why, why == null);
        List<NodeProcess> all = new ArrayList<>();
        try (Netns net = new Netns(NODES).ipv6()) {
            net.setUp();
            Path work = NodeProcess.workDir("ipv6-" + name + "-" + System.currentTimeMillis());
            Path shared = configs == null ? null : configs.write(net, work);
            Starter starter = (n, logName) -> {
                Path conf = shared != null ? shared : bindnetConfig(net, work, n);
                NodeProcess p = NodeProcess.start("n" + n, work.resolve(logName + ".log"), net.node(n),
                        List.of("-c", conf.toString()));
                all.add(p);
                return p;
            };
            NodeProcess[] nodes = new NodeProcess[NODES + 1];
            for (int n = 1; n <= NODES; n++) {
                nodes[n] = starter.start(n, "n" + n);
            }
            for (int n = 1; n <= NODES; n++) {
                nodes[n].await("the ring of 3", 0, 60_000, l -> l.startsWith("CONFIG REGULAR") && l.contains(ALL));
            }
            scenario.run(net, work, nodes, starter);
        } finally {
            for (NodeProcess p : all) {
                p.kill();
            }
        }
    }
}
