package io.chorus.launcher.interop;

import io.chorus.launcher.ExecutiveMain;
import io.chorus.transport.it.NodeProcess;
import io.chorus.transport.interop.InteropNet;
import io.chorus.transport.interop.CorosyncDaemon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * A full Chorus node (ExecutiveMain: executive + cmap, cfg, cpg, quorum, votequorum, IPC) in a ring of three Debian
 * corosync 3.1.7 daemons with {@code quorum { provider: corosync_votequorum }} and a nodelist of four, in the
 * network namespaces of corosync-wire.md §5 (issue 6, item 6). Checked: every C node completes the sync round of
 * the ring of four ({@code Completed service synchronization} after its membership line), counts the Chorus node's
 * vote ({@code corosync-quorumtool -l} lists nodeid 4 with 1 vote, {@code -s} says Total votes 4),
 * {@code corosync-cmapctl runtime.members} lists 4 joined; the Chorus node completes the same sync and
 * {@code chorus quorumtool -l} (over its IPC socket) lists the C nodes with their votes. The Chorus node is then
 * killed (the C nodes complete the sync of three, 3 votes) and restarted (four again).
 *
 * <p>Run as root with {@code apt-get install corosync iproute2}:
 * {@code mvn verify -Pinterop -pl itests/interop -Dit.test=ExecutiveInteropIT} ({@code -Dinterop.pcap=true} captures
 * the bridge with tcpdump). Namespaces {@code chre-<hex>-*} are deleted afterwards; every process is killed by PID.
 * Work files (configs, C debug logs, the Chorus output) stay in {@code target/it-work/exec-interop-*}.
 */
public class ExecutiveInteropIT {

    @Rule
    public Timeout timeout = Timeout.seconds(300);

    private static final long FAILURE_DETECTION_MS = 30_000;
    private static final long JOIN_MS = 30_000;
    private static final Pattern LIST_LINE = Pattern.compile("^\\s+(\\d+)\\s+(\\d+)\\s+\\S+", Pattern.MULTILINE);
    private static final Pattern TOTAL_VOTES = Pattern.compile("Total votes:\\s+(\\d+)");

    @BeforeClass
    public static void available() {
        String why = InteropNet.unavailable();
        if (why != null) {
            System.err.println("SKIPPED ExecutiveInteropIT: " + why);
        }
        assumeTrue("ExecutiveInteropIT skipped: " + why, why == null);
    }

    @Test
    public void chorusExecutiveSyncsAndVotesWithCorosync() throws Exception {
        try (Cluster c = new Cluster("votequorum")) {
            c.startCorosync(1, 2, 3);
            c.awaitC(Set.of(1, 2, 3));
            c.awaitCSync(3);

            c.startChorus();
            c.awaitChorusSync("1,2,3,4");
            c.awaitC(Set.of(1, 2, 3, 4));
            c.awaitCSync(4);
            for (CorosyncDaemon d : c.corosync.values()) {
                assertVotes(d.nodeId + ": corosync-quorumtool -l", d.tool("corosync-quorumtool", "-l"),
                        Map.of(1, 1, 2, 1, 3, 1, 4, 1));
                c.awaitTotalVotes(d, 4);
            }
            assertVotes("chorus quorumtool -l", c.chorusQuorumtool("-l"), Map.of(1, 1, 2, 1, 3, 1, 4, 1));
            // the Chorus node's NODEINFO(self) and NODEINFO(0) as a C node reads them (debug log), same as C's own
            CorosyncDaemon one = c.corosync.get(1);
            assertTrue("NODEINFO(4) votes 1 expected 4: " + one.logLines("nodeinfo message[4]"),
                    one.logLines("nodeinfo message[4]: votes: 1, expected: 4 ").size() > 0);
            List<String> nodeInfos = one.logLines("] nodeinfo message[0]: ");
            assertFalse("a C node logs the NODEINFO(0) it reads", nodeInfos.isEmpty());
            assertTrue("every NODEINFO(0) is all zero, as C sends it: " + nodeInfos,
                    nodeInfos.stream().allMatch(l -> l.endsWith("votes: 0, expected: 0 flags: 0")));

            long t0 = System.nanoTime();
            c.chorus.kill();
            c.awaitC(Set.of(1, 2, 3), FAILURE_DETECTION_MS);
            c.awaitCSync(3);
            c.report("C nodes completed the sync of three without the killed Chorus node in " + ms(t0) + " ms");
            for (CorosyncDaemon d : c.corosync.values()) {
                c.awaitTotalVotes(d, 3);
            }

            t0 = System.nanoTime();
            c.startChorus();
            c.awaitChorusSync("1,2,3,4");
            c.awaitC(Set.of(1, 2, 3, 4));
            c.awaitCSync(4);
            c.report("restarted Chorus node synced with the C nodes in " + ms(t0) + " ms (JVM start included)");
            for (CorosyncDaemon d : c.corosync.values()) {
                assertVotes(d.nodeId + ": corosync-quorumtool -l", d.tool("corosync-quorumtool", "-l"),
                        Map.of(1, 1, 2, 1, 3, 1, 4, 1));
                c.awaitTotalVotes(d, 4);
            }
            assertVotes("chorus quorumtool -l", c.chorusQuorumtool("-l"), Map.of(1, 1, 2, 1, 3, 1, 4, 1));

            // a C node leaves cleanly and comes back: the Chorus node syncs both rings with the others
            int mark = c.chorus.lineCount();
            assertTrue("C node 3 stops cleanly", c.corosync.get(3).stop(15_000));
            c.chorus.await("SYNC COMPLETED without C node 3", mark, FAILURE_DETECTION_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,4"));
            c.awaitC(Set.of(1, 2, 4));
            c.awaitCSync(3);
            assertVotes("chorus quorumtool -l", c.chorusQuorumtool("-l"), Map.of(1, 1, 2, 1, 4, 1));
            mark = c.chorus.lineCount();
            c.corosync.get(3).start();
            c.chorus.await("SYNC COMPLETED with C node 3 back", mark, JOIN_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,3,4"));
            c.awaitC(Set.of(1, 2, 3, 4));
            c.awaitCSync(4);
            c.awaitTotalVotes(c.corosync.get(3), 4);
        }
    }

    /** {@code Nodeid Votes Name} lines of a quorumtool -l listing, as nodeid → votes. */
    static Map<Integer, Integer> votes(String listing) {
        Map<Integer, Integer> m = new TreeMap<>();
        Matcher x = LIST_LINE.matcher(listing);
        while (x.find()) {
            m.put(Integer.parseInt(x.group(1)), Integer.parseInt(x.group(2)));
        }
        return m;
    }

    private static void assertVotes(String what, String listing, Map<Integer, Integer> expected) {
        assertEquals(what + ":\n" + listing, new TreeMap<>(expected), votes(listing));
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Four namespaces, C daemons 1..3, the Chorus node 4. */
    private static final class Cluster implements AutoCloseable {
        static final int CHORUS_ID = 4;
        final InteropNet net = new InteropNet("chre", 4);
        final Path work;
        final TreeMap<Integer, CorosyncDaemon> corosync = new TreeMap<>();
        final List<NodeProcess> chorusProcesses = new java.util.ArrayList<>();
        NodeProcess chorus;
        Process tcpdump;
        final String name;

        Cluster(String name) throws Exception {
            this.name = name;
            this.work = NodeProcess.workDir("exec-interop-" + name + "-" + System.currentTimeMillis());
            try {
                net.setUp();
                if (Boolean.getBoolean("interop.pcap") && InteropNet.which("tcpdump") != null) {
                    tcpdump = new ProcessBuilder("ip", "netns", "exec", net.bridge(), "tcpdump", "-i", "br0", "-s", "0",
                            "-U", "-w", work.resolve("bridge.pcap").toString(), "udp").redirectErrorStream(true)
                            .redirectOutput(work.resolve("tcpdump.log").toFile()).start();
                    Thread.sleep(500);
                }
                for (int id = 1; id <= 4; id++) {
                    Path dir = work.resolve("n" + id);
                    Files.createDirectories(dir.resolve("state"));
                    Files.writeString(dir.resolve("corosync.conf"), config(dir));
                    if (id != CHORUS_ID) {
                        corosync.put(id, new CorosyncDaemon(id, net.node(id), dir));
                    }
                }
                report("work directory " + work + ", namespaces " + net.prefix + "*, subnet " + net.subnet + ".0/24");
            } catch (Exception | Error e) {
                close();
                throw e;
            }
        }

        String config(Path dir) {
            StringBuilder b = new StringBuilder();
            b.append("totem {\n    version: 2\n    cluster_name: chretest\n    transport: udpu\n")
                    .append("    crypto_cipher: none\n    crypto_hash: none\n    interface {\n        linknumber: 0\n")
                    .append("        mcastport: 5405\n    }\n}\nnodelist {\n");
            for (int id = 1; id <= 4; id++) {
                b.append("    node {\n        ring0_addr: ").append(net.address(id)).append("\n        nodeid: ").append(id)
                        .append("\n        name: n").append(id).append("\n    }\n");
            }
            b.append("}\nquorum {\n    provider: corosync_votequorum\n}\n");
            b.append("logging {\n    to_stderr: no\n    to_logfile: yes\n    logfile: ").append(dir.resolve("corosync.log"))
                    .append("\n    to_syslog: no\n    timestamp: hires\n    debug: on\n}\n");
            b.append("system {\n    state_dir: ").append(dir.resolve("state")).append("\n}\n");
            return b.toString();
        }

        void startCorosync(int... ids) throws Exception {
            for (int id : ids) {
                corosync.get(id).start();
                Thread.sleep(500);
            }
        }

        Path socket() {
            return work.resolve("n" + CHORUS_ID).resolve("chorus.sock");
        }

        void startChorus() throws Exception {
            Path dir = work.resolve("n" + CHORUS_ID);
            chorus = NodeProcess.start("chorus-" + CHORUS_ID, dir.resolve("chorus-" + chorusProcesses.size() + ".out"),
                    net.node(CHORUS_ID), ExecutiveMain.class.getName(), 128,
                    List.of("-c", dir.resolve("corosync.conf").toString(), "--nodeid",
                            Integer.toString(CHORUS_ID), "--state-dir", dir.resolve("state").toString(),
                            "--ipc-socket", socket().toString()));
            chorusProcesses.add(chorus);
        }

        /** The Chorus node's executive completed the sync round of a ring with exactly {@code members}. */
        void awaitChorusSync(String members) throws InterruptedException {
            String line = chorus.await("SYNC COMPLETED members=" + members, 0, JOIN_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=" + members));
            report("Chorus: " + line);
            chorus.await("the executive's log line", 0, 5_000,
                    l -> l.contains("Completed service synchronization, ready to provide service."));
        }

        void awaitC(Set<Integer> members) throws Exception {
            awaitC(members, JOIN_MS);
        }

        void awaitC(Set<Integer> members, long millis) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (CorosyncDaemon d : corosync.values()) {
                if (d.isAlive()) {
                    d.awaitMembers(members, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
            report("C nodes list " + members + " as joined (runtime.members)");
        }

        /**
         * Every running C node logged {@code Completed service synchronization} after the membership line of its current
         * ring, and that ring has {@code size} members ({@code Members[size]} in between).
         */
        void awaitCSync(int size) throws Exception {
            for (CorosyncDaemon d : corosync.values()) {
                if (!d.isAlive()) {
                    continue;
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                String ring = d.lastRing();
                while (!(d.syncCompletedAfter(ring) && quorumMembers(d, ring) == size)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("C node " + d.nodeId + " did not complete the sync of ring " + ring
                                + " with " + size + " members; last memberships " + d.memberships()
                                + "; sync lines: " + d.logLines("[SYNC  ]").subList(
                                        Math.max(0, d.logLines("[SYNC  ]").size() - 12), d.logLines("[SYNC  ]").size())
                                + "; log " + d.log());
                    }
                    Thread.sleep(200);
                    ring = d.lastRing();
                }
                report("C node " + d.nodeId + " ring " + ring + ": Completed service synchronization, Members[" + size + "]");
            }
        }

        /** The {@code [QUORUM] Members[n]} count logged after ring {@code ring}'s membership line, or -1. */
        private int quorumMembers(CorosyncDaemon d, String ring) throws Exception {
            boolean seen = false;
            int n = -1;
            for (String l : Files.readAllLines(d.log(), StandardCharsets.UTF_8)) {
                if (l.contains("A new membership (" + ring + ")")) {
                    seen = true;
                } else if (seen && l.contains("[QUORUM] Members[")) {
                    int i = l.indexOf("Members[") + 8;
                    n = Integer.parseInt(l.substring(i, l.indexOf(']', i)));
                }
            }
            return n;
        }

        void awaitTotalVotes(CorosyncDaemon d, int votes) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String s;
            while (true) {
                s = d.tool("corosync-quorumtool", "-s");
                Matcher m = TOTAL_VOTES.matcher(s);
                if (m.find() && Integer.parseInt(m.group(1)) == votes) {
                    report("C node " + d.nodeId + ": Total votes " + votes);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("C node " + d.nodeId + ": not Total votes " + votes + ":\n" + s);
                }
                Thread.sleep(300);
            }
        }

        /** {@code chorus quorumtool ARGS} against the Chorus node's IPC socket (the CLI in-process). */
        String chorusQuorumtool(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Properties props = new Properties();
            props.setProperty("chorus.ipc.socket", socket().toString());
            String[] argv = new String[args.length + 1];
            argv[0] = "quorumtool";
            System.arraycopy(args, 0, argv, 1, args.length);
            int rc = io.chorus.cli.Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), props);
            String text = out.toString(StandardCharsets.UTF_8);
            report("chorus quorumtool " + String.join(" ", args) + " (rc " + rc + "):\n" + text
                    + err.toString(StandardCharsets.UTF_8));
            return text;
        }

        void report(String text) {
            System.out.println("[exec-interop " + name + "] " + text);
        }

        @Override
        public void close() {
            for (NodeProcess p : chorusProcesses) {
                p.kill();
            }
            for (CorosyncDaemon d : corosync.values()) {
                d.kill();
            }
            if (tcpdump != null) {
                try {
                    InteropNet.run(false, "kill", "-TERM", Long.toString(tcpdump.pid()));
                    if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
                        tcpdump.destroyForcibly();
                    }
                } catch (Exception e) {
                    tcpdump.destroyForcibly();
                }
            }
            net.close();
        }
    }
}
