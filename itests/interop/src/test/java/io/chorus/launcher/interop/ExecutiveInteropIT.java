package io.chorus.launcher.interop;

import io.chorus.transport.interop.InteropNet;
import io.chorus.transport.interop.CorosyncDaemon;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.List;
import java.util.Map;
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
 * Work files (configs, C debug logs, the Chorus output) stay in {@code target/it-work/exec-interop-*}. The ring is
 * {@link MixedRing}.
 */
public class ExecutiveInteropIT {

    @Rule
    public Timeout timeout = Timeout.seconds(300);

    private static final Pattern LIST_LINE = Pattern.compile("^\\s+(\\d+)\\s+(\\d+)\\s+\\S+", Pattern.MULTILINE);

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
        try (MixedRing c = new MixedRing("chre", "exec-interop-votequorum")) {
            c.formRing();
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
            c.awaitC(Set.of(1, 2, 3), MixedRing.FAILURE_DETECTION_MS);
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
            c.chorus.await("SYNC COMPLETED without C node 3", mark, MixedRing.FAILURE_DETECTION_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,4"));
            c.awaitC(Set.of(1, 2, 4));
            c.awaitCSync(3);
            assertVotes("chorus quorumtool -l", c.chorusQuorumtool("-l"), Map.of(1, 1, 2, 1, 4, 1));
            mark = c.chorus.lineCount();
            c.corosync.get(3).start();
            c.chorus.await("SYNC COMPLETED with C node 3 back", mark, MixedRing.JOIN_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,3,4"));
            c.awaitC(Set.of(1, 2, 3, 4));
            c.awaitCSync(4);
            c.awaitTotalVotes(c.corosync.get(3), 4);
        }
    }

    /**
     * CFG KILLNODE both ways (Corosync's {@code req_exec_cfg_killnode}: nodeid, then the reason as an aligned
     * {@code mar_name_t} at body offset 8, value at 16, 272 bytes): {@code chorus cfgtool -k 3} makes C node 3 exit
     * with Chorus's reason in its log; then {@code corosync-cfgtool -k 4} on C node 1 makes the Chorus node log the
     * kill with corosync-cfgtool's reason and leave the ring (exit code 0).
     */
    @Test
    public void killNodeBothWaysWithCorosync() throws Exception {
        try (MixedRing c = new MixedRing("chrk", "exec-interop-killnode")) {
            c.formRing();

            CorosyncDaemon three = c.corosync.get(3);
            int mark = c.chorus.lineCount();
            c.chorusTool("cfgtool", "-k", "3");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (three.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse("C node 3 exits when the Chorus node kills it", three.isAlive());
            List<String> killed = three.logLines("Killed by node 4 : ");
            c.report("C node 3: " + killed);
            assertEquals("C node 3 logs the kill with Chorus's reason: " + killed,
                    List.of("Killed by node 4 : killed by chorus cfgtool"),
                    killed.stream().map(l -> l.substring(l.indexOf("Killed by node"))).toList());
            c.chorus.await("SYNC COMPLETED without C node 3", mark, MixedRing.FAILURE_DETECTION_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,4"));
            c.awaitC(Set.of(1, 2, 4), MixedRing.FAILURE_DETECTION_MS);

            mark = c.chorus.lineCount();
            String out = c.corosync.get(1).tool("corosync-cfgtool", "-k", Integer.toString(MixedRing.CHORUS_ID));
            c.report("corosync-cfgtool -k 4 on C node 1: " + out);
            String line = c.chorus.await("the kill logged with corosync-cfgtool's reason", mark, 15_000,
                    l -> l.contains("Killed by node 1: "));
            assertTrue(line, line.endsWith("Killed by node 1: Killed by corosync-cfgtool"));
            c.chorus.await("SHUTDOWN", mark, 5_000,
                    l -> l.equals("SHUTDOWN killed by node 1: Killed by corosync-cfgtool"));
            c.chorus.await("LEFT", mark, 15_000, "LEFT"::equals);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (c.chorus.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("the Chorus node exits as corosync does", "exit code 0", c.chorus.exitDescription());
            c.awaitC(Set.of(1, 2), MixedRing.FAILURE_DETECTION_MS);
            c.report("C nodes 1 and 2 list only each other after the Chorus node left");
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
}
