package io.chorus.launcher.interop;

import io.chorus.transport.interop.CorosyncDaemon;
import io.chorus.transport.interop.InteropNet;
import io.chorus.transport.interop.SrpCounters;
import io.chorus.transport.it.NodeProcess;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * A Chorus member joins, leaves and rejoins a ring of Debian corosync 3.1.7 daemons ({@link MixedRing}: C nodes
 * 1..3, the Chorus node 4 runs {@code ExecutiveMain}, udpu, votequorum). Moved here from the transport bundle's
 * CorosyncInteropIT, where the Chorus node was a bare TotemNode: it sends no sync barriers, so a C node that merged
 * into the mixed ring before its own singleton sync finished waited for them forever and refused
 * {@code corosync-cmapctl}. Here the Chorus node syncs like a C node, and every ring's sync is asserted on both sides.
 *
 * <p>Checked on both sides at each step: the Chorus node's {@code CONFIG REGULAR ... members=...} and
 * {@code SYNC COMPLETED ... members=...} lines; every running C node's {@code corosync-cmapctl runtime.members}
 * (joined), its {@code Completed service synchronization} for the current ring and {@code corosync-quorumtool}
 * (votes per node, Total votes). The steps: the Chorus node joins C nodes 1..3; neither side re-forms at idle; it
 * multicasts (CPG, over its IPC socket) and every C node's totemsrp counters show its MCASTs arrived (see
 * {@link #chorusSendsAndCReceive}); it is killed (kill -9) and the C nodes re-form and sync without it; restarted,
 * it joins again; C node 3 stopped cleanly (SIGTERM, LEAVE) is a transitional configuration with {@code left=3}
 * for the Chorus node, and its restart a regular one with {@code joined=3}, after which C node 3 completes the sync
 * of the ring of four (the step that failed with the bare TotemNode).
 *
 * <p>Run as root with {@code apt-get install corosync iproute2}:
 * {@code mvn verify -Pinterop -pl itests/interop -Dit.test=MemberRejoinInteropIT}. Namespaces {@code chrj-<hex>-*}
 * are deleted afterwards; every process is killed by PID. Work files stay in
 * {@code target/it-work/member-rejoin-interop-*}.
 */
public class MemberRejoinInteropIT {

    @Rule
    public Timeout timeout = Timeout.seconds(300);

    /** Size of each message the Chorus node multicasts: about one MCAST's worth. */
    private static final int MESSAGE_BYTES = 1500;
    private static final Map<Integer, Integer> FOUR_VOTES = Map.of(1, 1, 2, 1, 3, 1, 4, 1);

    @BeforeClass
    public static void available() {
        String why = InteropNet.unavailable();
        if (why != null) {
            System.err.println("SKIPPED MemberRejoinInteropIT: " + why);
        }
        assumeTrue("MemberRejoinInteropIT skipped: " + why, why == null);
    }

    @Test
    public void chorusMemberJoinsLeavesAndRejoins() throws Exception {
        try (MixedRing c = new MixedRing("chrj", "member-rejoin-interop")) {
            c.formRing();
            awaitChorusRegular(c, "1,2,3,4", 0, MixedRing.JOIN_MS);
            assertVotes(c, FOUR_VOTES, 4);
            assertStable(c, CorosyncDaemon.STABLE_MS);
            chorusSendsAndCReceive(c, 30);

            // kill -9: the C nodes re-form and complete the sync of three without it
            long t0 = System.nanoTime();
            c.chorus.kill9();
            c.awaitC(Set.of(1, 2, 3), MixedRing.FAILURE_DETECTION_MS);
            c.awaitCSync(3);
            c.report("C nodes re-formed and synced without the killed Chorus node in " + ms(t0) + " ms");
            for (CorosyncDaemon d : c.corosync.values()) {
                c.awaitTotalVotes(d, 3);
            }

            // restarted, it joins again
            t0 = System.nanoTime();
            c.startChorus();
            awaitChorusRegular(c, "1,2,3,4", 0, MixedRing.JOIN_MS);
            c.awaitChorusSync("1,2,3,4");
            c.awaitC(Set.of(1, 2, 3, 4));
            c.awaitCSync(4);
            c.report("restarted Chorus node rejoined and synced in " + ms(t0) + " ms (JVM start included)");
            assertVotes(c, FOUR_VOTES, 4);

            // C node 3 leaves cleanly: as in Corosync, the transitional configuration names who left
            int mark = c.chorus.lineCount();
            assertTrue("C node 3 stops cleanly", c.corosync.get(3).stop(15_000));
            String line = c.chorus.await("a transitional configuration without C node 3", mark,
                    MixedRing.FAILURE_DETECTION_MS,
                    l -> l.startsWith("CONFIG TRANSITIONAL") && l.contains("members=1,2,4 "));
            assertEquals("node 3 left: " + line, "3", NodeProcess.field(line, "left"));
            awaitChorusRegular(c, "1,2,4", mark, MixedRing.FAILURE_DETECTION_MS);
            c.chorus.await("SYNC COMPLETED without C node 3", mark, MixedRing.FAILURE_DETECTION_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,4"));
            c.awaitC(Set.of(1, 2, 4));
            c.awaitCSync(3);
            assertVotes(c, Map.of(1, 1, 2, 1, 4, 1), 3);

            // C node 3 comes back: the regular configuration names who joined, and C node 3 syncs the ring of four
            mark = c.chorus.lineCount();
            c.corosync.get(3).start();
            line = awaitChorusRegular(c, "1,2,3,4", mark, MixedRing.JOIN_MS);
            assertEquals("node 3 joined: " + line, "3", NodeProcess.field(line, "joined"));
            c.chorus.await("SYNC COMPLETED with C node 3 back", mark, MixedRing.JOIN_MS,
                    l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,3,4"));
            c.awaitC(Set.of(1, 2, 3, 4));
            c.awaitCSync(4);
            assertVotes(c, FOUR_VOTES, 4);
            assertStable(c, CorosyncDaemon.STABLE_MS);
        }
    }

    /** The first {@code CONFIG REGULAR} line with exactly {@code members} from line {@code from} on. */
    private static String awaitChorusRegular(MixedRing c, String members, int from, long millis)
            throws InterruptedException {
        String line = c.chorus.await("CONFIG REGULAR members=" + members, from, millis,
                l -> l.startsWith("CONFIG REGULAR") && l.contains("members=" + members + " "));
        c.report("Chorus: " + line);
        return line;
    }

    /**
     * Every running C node's {@code corosync-quorumtool -l} lists {@code votes} (nodeid to votes) and {@code -s}
     * says Total votes {@code total}; {@code chorus quorumtool -l} on the Chorus node lists the same.
     */
    private static void assertVotes(MixedRing c, Map<Integer, Integer> votes, int total) throws Exception {
        for (CorosyncDaemon d : c.corosync.values()) {
            if (!d.isAlive()) {
                continue;
            }
            c.awaitTotalVotes(d, total);
            String listing = d.tool("corosync-quorumtool", "-l");
            assertEquals("C node " + d.nodeId + ": corosync-quorumtool -l:\n" + listing, new TreeMap<>(votes),
                    ExecutiveInteropIT.votes(listing));
        }
        String listing = c.chorusQuorumtool("-l");
        assertEquals("chorus quorumtool -l:\n" + listing, new TreeMap<>(votes), ExecutiveInteropIT.votes(listing));
    }

    /** No membership change for {@code millis} (at least a token timeout and consensus): neither side re-forms. */
    private static void assertStable(MixedRing c, long millis) throws Exception {
        int chorusConfigs = c.chorus.lines("CONFIG").size();
        TreeMap<Integer, Integer> cConfigs = CorosyncDaemon.membershipCounts(c.corosync.values());
        Thread.sleep(millis);
        assertEquals("the Chorus node saw no configuration change at idle for " + millis + " ms: "
                + c.chorus.lines("CONFIG"), chorusConfigs, c.chorus.lines("CONFIG").size());
        CorosyncDaemon.assertNoNewMembership(c.corosync, cConfigs, "at idle for " + millis + " ms");
    }

    /**
     * A CPG client on the Chorus node (this JVM, over its IPC socket) multicasts {@code count} messages of about
     * {@link #MESSAGE_BYTES} bytes and gets them back in the order sent (the Chorus node had to hold the token to
     * send them), and every C node received them.
     *
     * <p>The Chorus node delivering its own messages proves nothing about the C nodes: agreed delivery at the sender
     * needs only its own copy. So the C daemons' totemsrp counters are read before and after
     * ({@code corosync-cmapctl -m stats stats.srp.}). {@code mcast_rx} counts every MCAST datagram a daemon takes off
     * the wire; the MCASTs the C nodes sent themselves in the meantime ({@code mcast_tx + mcast_retx} summed over all
     * C nodes) are subtracted, so what remains is a lower bound of the MCASTs a C node received from the Chorus node.
     * Each MCAST carries at most netmtu (1500) bytes, so the Chorus node sent at least
     * {@code ceil(total message bytes / 1500)} of them; every C node must have received at least that many. Also:
     * each C node received the ORF token meanwhile, dropped no MCAST ({@code rx_msg_dropped}) and formed no new
     * membership, and the Chorus node saw no configuration change.
     */
    private static void chorusSendsAndCReceive(MixedRing c, int count) throws Exception {
        String self = MixedRing.CHORUS_ID + "/" + ProcessHandle.current().pid();
        try (CpgInteropIT.JavaMember j = new CpgInteropIT.JavaMember(c.socket())) {
            j.join();
            j.await("own JOIN", 0, m -> m.joined().contains(self + ":JOIN"));
            int configs = c.chorus.lines("CONFIG").size();
            TreeMap<Integer, Integer> cConfigs = CorosyncDaemon.membershipCounts(c.corosync.values());
            TreeMap<Integer, Map<String, Long>> statsBefore = SrpCounters.read(c.corosync.values());
            String prefix = "interop-" + "x".repeat(MESSAGE_BYTES - 12);
            List<String> expected = new ArrayList<>();
            long bytes = 0;
            int from = j.deliveredCount();
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                String text = prefix + "-" + i;
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
                expected.add(self + " " + text);
                j.send(text);
            }
            long minMcasts = SrpCounters.minMcasts(bytes);
            List<String> got = j.awaitDelivered(from, count);
            c.report("the Chorus node's CPG client sent and delivered " + count + " messages (" + bytes
                    + " bytes, so at least " + minMcasts + " MCASTs) in " + ms(t0) + " ms");
            assertEquals("the Chorus client delivered its own messages, in the order sent", expected, got);
            assertEquals("no configuration change while sending: " + c.chorus.lines("CONFIG"), configs,
                    c.chorus.lines("CONFIG").size());

            TreeMap<Integer, Map<String, Long>> statsAfter =
                    SrpCounters.awaitCReceived(c.corosync.values(), statsBefore, minMcasts, 15_000);
            String shortfall = SrpCounters.cReceived(statsBefore, statsAfter, minMcasts);
            c.report("C nodes' stats.srp counters while the Chorus node sent: "
                    + SrpCounters.deltas(statsBefore, statsAfter));
            assertNull("the C nodes received the Chorus node's MCASTs: " + shortfall, shortfall);
            CorosyncDaemon.assertNoNewMembership(c.corosync, cConfigs, "while the Chorus node sent");
        }
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
