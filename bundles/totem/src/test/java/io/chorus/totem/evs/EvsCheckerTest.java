package io.chorus.totem.evs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.ConfigurationChange.Kind;
import io.chorus.totem.RingId;
import io.chorus.totem.evs.Violation.Rule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;

/** The checker must catch each kind of bad history; these are hand-made, no core involved. */
public class EvsCheckerTest {

    private static final RingId R1 = new RingId(1, 4);
    private static final RingId R2 = new RingId(1, 8);
    private static final MessageId A = new MessageId(1, 0, 1);
    private static final MessageId B = new MessageId(2, 0, 1);
    private static final MessageId C = new MessageId(3, 0, 1);

    private long time;

    private static ConfigurationChange change(Kind kind, RingId ring, int[] members, int[] left, int[] joined) {
        return new ConfigurationChange(kind, ring, members, left, joined);
    }

    /** A first configuration: the process alone in its transitional membership, everybody else joined. */
    private ProcessHistory start(RunHistory run, int node, RingId ring, int... members) {
        ProcessHistory p = run.newProcess(new ProcessId(node, 0));
        p.configuration(++time, change(Kind.TRANSITIONAL, ring, new int[] {node}, new int[0], new int[0]));
        p.configuration(++time, change(Kind.REGULAR, ring, members, new int[0], minus(members, node)));
        return p;
    }

    /** A later incarnation of {@code node}, restarted with its ring id store wiped, in its first configuration. */
    private ProcessHistory restartWiped(RunHistory run, int node, int incarnation, RingId ring, int... members) {
        ProcessHistory p = run.newProcess(new ProcessId(node, incarnation)).restartedWithWipedStore(true);
        p.note(++time, "start with ring id store wiped");
        p.configuration(++time, change(Kind.TRANSITIONAL, ring, new int[] {node}, new int[0], new int[0]));
        p.configuration(++time, change(Kind.REGULAR, ring, members, new int[0], minus(members, node)));
        return p;
    }

    /** Nodes 1 and 2 form R1, both crash; long after, both restart with wiped stores and form R1 again. */
    private RunHistory r1FormedAgainAfterTheFirstOneEnded() {
        RunHistory run = new RunHistory();
        start(run, 1, R1, 1, 2).ended(ProcessHistory.End.CRASHED, ++time);
        start(run, 2, R1, 1, 2).ended(ProcessHistory.End.CRASHED, ++time);
        restartWiped(run, 1, 1, R1, 1, 2);
        restartWiped(run, 2, 1, R1, 1, 2);
        return run;
    }

    private static int[] minus(int[] all, int... remove) {
        Set<Integer> r = new TreeSet<>();
        for (int v : remove) {
            r.add(v);
        }
        return java.util.Arrays.stream(all).filter(v -> !r.contains(v)).toArray();
    }

    /** Three processes, each sends one message, all deliver A B C in R1. */
    private RunHistory good() {
        RunHistory run = new RunHistory();
        ProcessHistory p1 = start(run, 1, R1, 1, 2, 3).sent(++time, A);
        ProcessHistory p2 = start(run, 2, R1, 1, 2, 3).sent(++time, B);
        ProcessHistory p3 = start(run, 3, R1, 1, 2, 3).sent(++time, C);
        for (ProcessHistory p : List.of(p1, p2, p3)) {
            p.delivered(++time, A).delivered(++time, B).delivered(++time, C);
        }
        return run;
    }

    private static Set<Rule> rules(RunHistory run) {
        return EvsChecker.check(run).stream().map(Violation::rule).collect(Collectors.toSet());
    }

    private static void assertOnly(Rule expected, RunHistory run) {
        List<Violation> violations = EvsChecker.check(run);
        assertTrue("expected " + expected + " but got " + violations,
                violations.stream().anyMatch(v -> v.rule() == expected));
        assertEquals("unexpected extra violations: " + violations, Set.of(expected), rules(run));
    }

    @Test
    public void aGoodHistoryPasses() {
        assertEquals(List.of(), EvsChecker.check(good()));
    }

    @Test
    public void aGoodPartitionAndMergePasses() {
        RunHistory run = good();
        // 3 splits off in R2 (1,2 stay together), with C delivered only on its side; then nothing more.
        ProcessHistory p1 = run.find(new ProcessId(1, 0));
        ProcessHistory p2 = run.find(new ProcessId(2, 0));
        ProcessHistory p3 = run.find(new ProcessId(3, 0));
        MessageId d = new MessageId(1, 0, 2);
        p1.sent(++time, d);
        for (ProcessHistory p : List.of(p1, p2)) {
            p.delivered(++time, d);
            p.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2}, new int[] {3}, new int[0]));
            p.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[0]));
        }
        RingId alone = new RingId(3, 8);
        p3.configuration(++time, change(Kind.TRANSITIONAL, alone, new int[] {3}, new int[] {1, 2}, new int[0]));
        p3.configuration(++time, change(Kind.REGULAR, alone, new int[] {3}, new int[0], new int[0]));
        assertEquals(List.of(), EvsChecker.check(run));
    }

    @Test
    public void catchesReorder() {
        RunHistory run = new RunHistory();
        start(run, 1, R1, 1, 2).sent(++time, A).delivered(++time, A).delivered(++time, B);
        start(run, 2, R1, 1, 2).sent(++time, B).delivered(++time, B).delivered(++time, A);
        // both crash, so only the order rule (not the prefix rule of a current ring) applies
        run.processes().forEach(p -> p.ended(ProcessHistory.End.CRASHED, ++time));
        assertOnly(Rule.ORDER, run);
    }

    @Test
    public void catchesDuplicate() {
        RunHistory run = good();
        run.find(new ProcessId(2, 0)).delivered(++time, A);
        Set<Rule> rules = rules(run);
        assertTrue(rules.toString(), rules.contains(Rule.DUPLICATE_DELIVERY));
    }

    @Test
    public void catchesGapBetweenProcessesThatStayTogether() {
        RunHistory run = new RunHistory();
        ProcessHistory p1 = start(run, 1, R1, 1, 2).sent(++time, A).sent(++time, C.equals(A) ? A : new MessageId(1, 0, 2));
        ProcessHistory p2 = start(run, 2, R1, 1, 2).sent(++time, B);
        MessageId a2 = new MessageId(1, 0, 2);
        p1.delivered(++time, A).delivered(++time, B).delivered(++time, a2);
        p2.delivered(++time, A).delivered(++time, a2); // skipped B, its own message
        for (ProcessHistory p : List.of(p1, p2)) {
            p.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2}, new int[0], new int[0]));
            p.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[0]));
        }
        Set<Rule> rules = rules(run);
        assertTrue(rules.toString(), rules.contains(Rule.VIRTUAL_SYNCHRONY));
        assertTrue(rules.toString(), rules.contains(Rule.SELF_DELIVERY));
    }

    @Test
    public void catchesGapInTheCurrentRing() {
        RunHistory run = new RunHistory();
        MessageId a2 = new MessageId(1, 0, 2);
        start(run, 1, R1, 1, 2).sent(++time, A).sent(++time, a2).delivered(++time, A).delivered(++time, a2);
        start(run, 2, R1, 1, 2).delivered(++time, a2);
        assertOnly(Rule.PREFIX, run);
    }

    @Test
    public void catchesMissingSelfDelivery() {
        RunHistory run = good();
        run.find(new ProcessId(3, 0)).sent(++time, new MessageId(3, 0, 2));
        assertOnly(Rule.SELF_DELIVERY, run);
    }

    @Test
    public void aCrashedProcessOwesNothing() {
        RunHistory run = good();
        ProcessHistory p3 = run.find(new ProcessId(3, 0));
        p3.sent(++time, new MessageId(3, 0, 2));
        p3.ended(ProcessHistory.End.CRASHED, ++time);
        assertEquals(List.of(), EvsChecker.check(run));
    }

    @Test
    public void catchesInconsistentMembership() {
        RunHistory run = new RunHistory();
        start(run, 1, R1, 1, 2, 3);
        start(run, 2, R1, 1, 2);
        assertTrue(rules(run).contains(Rule.MEMBERSHIP_INCONSISTENT));
    }

    @Test
    public void aRingIdFormedAgainAfterAWipedStoreIsNotInconsistent() {
        RunHistory run = new RunHistory();
        start(run, 1, R1, 1, 2).ended(ProcessHistory.End.CRASHED, ++time);
        start(run, 2, R1, 1, 2).ended(ProcessHistory.End.CRASHED, ++time);
        ProcessHistory again = run.newProcess(new ProcessId(1, 1)).restartedWithWipedStore(true);
        again.configuration(++time, change(Kind.TRANSITIONAL, R1, new int[] {1}, new int[0], new int[0]));
        again.configuration(++time, change(Kind.REGULAR, R1, new int[] {1}, new int[0], new int[0]));
        assertEquals(List.of(), EvsChecker.check(run));
    }

    @Test
    public void aRingIdFormedAgainWithEveryStoreKeptIsInconsistent() {
        RunHistory run = new RunHistory();
        start(run, 1, R1, 1, 2).ended(ProcessHistory.End.CRASHED, ++time);
        start(run, 2, R1, 1, 2).ended(ProcessHistory.End.CRASHED, ++time);
        run.newProcess(new ProcessId(2, 1))
                .configuration(++time, change(Kind.TRANSITIONAL, R1, new int[] {2}, new int[0], new int[0]))
                .configuration(++time, change(Kind.REGULAR, R1, new int[] {2}, new int[0], new int[0]));
        assertTrue(rules(run).contains(Rule.MEMBERSHIP_INCONSISTENT));
    }

    // A ring id formed again after a wiped store: excused only where Totem really cannot tell the instances apart.

    @Test
    public void catchesAGapBetweenProcessesThatStayTogetherInARingIdFormedAgain() {
        RunHistory run = r1FormedAgainAfterTheFirstOneEnded();
        ProcessHistory p1 = run.find(new ProcessId(1, 1));
        ProcessHistory p2 = run.find(new ProcessId(2, 1));
        MessageId a = new MessageId(1, 1, 1);
        MessageId b = new MessageId(2, 1, 1);
        p1.sent(++time, a);
        p2.sent(++time, b);
        p1.delivered(++time, a).delivered(++time, b);
        p2.delivered(++time, b); // never delivers a, yet moves on with 1 as if they had delivered the same
        for (ProcessHistory p : List.of(p1, p2)) {
            p.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2}, new int[0], new int[0]));
            p.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[0]));
        }
        assertOnly(Rule.VIRTUAL_SYNCHRONY, run);
    }

    @Test
    public void catchesReorderInARingIdFormedAgain() {
        RunHistory run = r1FormedAgainAfterTheFirstOneEnded();
        MessageId a = new MessageId(1, 1, 1);
        MessageId b = new MessageId(2, 1, 1);
        run.find(new ProcessId(1, 1)).sent(++time, a).delivered(++time, a).delivered(++time, b)
                .ended(ProcessHistory.End.CRASHED, ++time);
        run.find(new ProcessId(2, 1)).sent(++time, b).delivered(++time, b).delivered(++time, a)
                .ended(ProcessHistory.End.CRASHED, ++time);
        assertOnly(Rule.ORDER, run);
    }

    @Test
    public void catchesAGapInTheCurrentRingWhenItsIdWasFormedAgain() {
        RunHistory run = r1FormedAgainAfterTheFirstOneEnded();
        MessageId a = new MessageId(1, 1, 1);
        MessageId a2 = new MessageId(1, 1, 2);
        run.find(new ProcessId(1, 1)).sent(++time, a).sent(++time, a2).delivered(++time, a).delivered(++time, a2);
        run.find(new ProcessId(2, 1)).delivered(++time, a2);
        assertOnly(Rule.PREFIX, run);
    }

    @Test
    public void catchesTheFirstRingOfARingIdFormedAgainLaterWithOtherMembers() {
        // 1, 2, 3 form R1 and break it (2 misses a, yet moves on with 1 and 3); long after, 1 restarts with a wiped
        // store and forms R1 alone. Nobody was on the first R1 any more: its rules still apply.
        RunHistory run = new RunHistory();
        MessageId a = new MessageId(1, 0, 1);
        MessageId b = new MessageId(2, 0, 1);
        ProcessHistory p1 = start(run, 1, R1, 1, 2, 3).sent(++time, a);
        ProcessHistory p2 = start(run, 2, R1, 1, 2, 3).sent(++time, b);
        ProcessHistory p3 = start(run, 3, R1, 1, 2, 3);
        p1.delivered(++time, a).delivered(++time, b);
        p2.delivered(++time, b);
        p3.delivered(++time, a).delivered(++time, b);
        for (ProcessHistory p : List.of(p1, p2, p3)) {
            p.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2, 3}, new int[0], new int[0]));
            p.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2, 3}, new int[0], new int[0]));
        }
        p1.ended(ProcessHistory.End.CRASHED, ++time);
        ProcessHistory again = restartWiped(run, 1, 1, R1, 1);
        again.configuration(++time, change(Kind.TRANSITIONAL, new RingId(1, 12), new int[] {1}, new int[0], new int[0]));
        again.configuration(++time, change(Kind.REGULAR, new RingId(1, 12), new int[] {1, 2, 3}, new int[0],
                new int[] {2, 3}));
        for (ProcessHistory p : List.of(p2, p3)) {
            p.configuration(++time, change(Kind.TRANSITIONAL, new RingId(1, 12), new int[] {2, 3}, new int[] {1},
                    new int[0]));
            p.configuration(++time, change(Kind.REGULAR, new RingId(1, 12), new int[] {1, 2, 3}, new int[0],
                    new int[] {1}));
        }
        assertOnly(Rule.VIRTUAL_SYNCHRONY, run);
    }

    @Test
    public void instancesOfARingIdInUseAtTheSameTimeAreNotCompared() {
        // 1, 2, 3 are on R1; 1 crashes and comes back with a wiped store while 2 and 3 are still on R1, and forms R1
        // alone. 2 still takes 1's new MCASTs as R1's (same ring id; Totem cannot tell), 3 does not, and both go on
        // to R2 together: what Totem does when ring ids are not kept (Corosync keeps them in state_dir).
        RunHistory run = new RunHistory();
        ProcessHistory p1 = start(run, 1, R1, 1, 2, 3);
        ProcessHistory p2 = start(run, 2, R1, 1, 2, 3);
        ProcessHistory p3 = start(run, 3, R1, 1, 2, 3);
        p1.ended(ProcessHistory.End.CRASHED, ++time);
        ProcessHistory again = restartWiped(run, 1, 1, R1, 1);
        MessageId x = new MessageId(1, 1, 1);
        again.sent(++time, x).delivered(++time, x);
        p2.delivered(++time, x);
        RingId r2 = new RingId(2, 8);
        for (ProcessHistory p : List.of(p2, p3)) {
            p.configuration(++time, change(Kind.TRANSITIONAL, r2, new int[] {2, 3}, new int[] {1}, new int[0]));
            p.configuration(++time, change(Kind.REGULAR, r2, new int[] {2, 3}, new int[0], new int[0]));
        }
        assertEquals(List.of(), EvsChecker.check(run));
    }

    @Test
    public void catchesRegularWithoutTransitional() {
        RunHistory run = good();
        run.find(new ProcessId(1, 0)).configuration(++time,
                change(Kind.REGULAR, R2, new int[] {1, 2, 3}, new int[0], new int[0]));
        assertTrue(rules(run).contains(Rule.CONFIGURATION_SEQUENCE));
    }

    @Test
    public void catchesTransitionalMembersFromNowhere() {
        RunHistory run = good();
        ProcessHistory p1 = run.find(new ProcessId(1, 0));
        p1.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 4}, new int[] {2, 3}, new int[0]));
        p1.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 4}, new int[0], new int[0]));
        assertTrue(rules(run).contains(Rule.CONFIGURATION_SEQUENCE));
    }

    @Test
    public void catchesInconsistentTransitionalSets() {
        RunHistory run = good();
        // 1 and 2 both come from R1 to R2, but 1 says 2 is not transitional (2 says it is).
        ProcessHistory p1 = run.find(new ProcessId(1, 0));
        ProcessHistory p2 = run.find(new ProcessId(2, 0));
        p1.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1}, new int[] {2, 3}, new int[0]));
        p1.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[] {2}));
        p2.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2}, new int[] {3}, new int[0]));
        p2.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[0]));
        assertOnly(Rule.TRANSITIONAL_INCONSISTENT, run);
    }

    @Test
    public void catchesMessageFromOutsideTheConfiguration() {
        RunHistory run = new RunHistory();
        MessageId fromThree = new MessageId(3, 0, 1);
        run.newProcess(new ProcessId(3, 0)).sent(++time, fromThree).ended(ProcessHistory.End.CRASHED, ++time);
        start(run, 1, R1, 1, 2).delivered(++time, fromThree);
        start(run, 2, R1, 1, 2).delivered(++time, fromThree);
        assertOnly(Rule.SENDER_NOT_IN_CONFIGURATION, run);
    }

    @Test
    public void catchesMessageFromANonTransitionalMemberAfterTheTransitionalChange() {
        RunHistory run = good();
        MessageId late = new MessageId(3, 0, 2);
        run.find(new ProcessId(3, 0)).sent(++time, late).ended(ProcessHistory.End.CRASHED, ++time);
        for (int node : new int[] {1, 2}) {
            ProcessHistory p = run.find(new ProcessId(node, 0));
            p.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2}, new int[] {3}, new int[0]));
            p.delivered(++time, late);
            p.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[0]));
        }
        assertOnly(Rule.SENDER_NOT_IN_CONFIGURATION, run);
    }

    @Test
    public void catchesDeliveryBeforeAnyConfiguration() {
        RunHistory run = new RunHistory();
        run.newProcess(new ProcessId(1, 0)).sent(++time, A).delivered(++time, A);
        assertTrue(rules(run).contains(Rule.DELIVERY_OUTSIDE_CONFIGURATION));
    }

    @Test
    public void catchesMessageDeliveredInTwoConfigurations() {
        RunHistory run = good();
        MessageId d = new MessageId(1, 0, 2);
        ProcessHistory p1 = run.find(new ProcessId(1, 0));
        ProcessHistory p2 = run.find(new ProcessId(2, 0));
        p1.sent(++time, d).delivered(++time, d);
        p1.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2}, new int[] {3}, new int[0]));
        p1.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[0]));
        p2.configuration(++time, change(Kind.TRANSITIONAL, R2, new int[] {1, 2}, new int[] {3}, new int[0]));
        p2.configuration(++time, change(Kind.REGULAR, R2, new int[] {1, 2}, new int[0], new int[0]));
        p2.delivered(++time, d);
        run.find(new ProcessId(3, 0)).ended(ProcessHistory.End.CRASHED, ++time);
        Set<Rule> rules = rules(run);
        assertTrue(rules.toString(), rules.contains(Rule.MESSAGE_IN_TWO_CONFIGURATIONS));
    }

    @Test
    public void catchesCorruptAndForgedPayloads() {
        RunHistory run = good();
        run.find(new ProcessId(1, 0)).delivered(++time, 2, new MessageId(2, 0, 99), true);
        run.find(new ProcessId(2, 0)).delivered(++time, 3, new MessageId(3, 0, 1), false);
        Set<Rule> rules = rules(run);
        assertTrue(rules.toString(), rules.contains(Rule.UNKNOWN_MESSAGE));
        assertTrue(rules.toString(), rules.contains(Rule.CORRUPT_PAYLOAD));
    }

    @Test
    public void catchesUndeliveredProbe() {
        RunHistory run = good();
        run.probe(C);
        run.find(new ProcessId(1, 0)).delivered(++time, new MessageId(9, 9, 9)); // noise, also unknown
        RunHistory clean = good();
        clean.probe(new MessageId(3, 0, 2));
        clean.find(new ProcessId(3, 0)).sent(++time, new MessageId(3, 0, 2)).delivered(++time, new MessageId(3, 0, 2));
        assertTrue(rules(clean).contains(Rule.PROBE_NOT_DELIVERED));
    }

    @Test
    public void catchesRingSequenceGoingBackwards() {
        RunHistory run = good();
        ProcessHistory p1 = run.find(new ProcessId(1, 0));
        RingId older = new RingId(1, 0);
        p1.configuration(++time, change(Kind.TRANSITIONAL, older, new int[] {1}, new int[] {2, 3}, new int[0]));
        p1.configuration(++time, change(Kind.REGULAR, older, new int[] {1}, new int[0], new int[0]));
        assertTrue(rules(run).contains(Rule.CONFIGURATION_SEQUENCE));
    }
}
