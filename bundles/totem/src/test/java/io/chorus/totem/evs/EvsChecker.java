package io.chorus.totem.evs;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingId;
import io.chorus.totem.evs.HistoryEvent.ConfigChanged;
import io.chorus.totem.evs.HistoryEvent.Delivered;
import io.chorus.totem.evs.HistoryEvent.Sent;
import io.chorus.totem.evs.Violation.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a run's histories against extended virtual synchrony as Totem provides it.
 *
 * <h2>Definitions</h2>
 * A process is one incarnation of a node. A process is <em>in</em> regular configuration R from its REGULAR
 * change for R up to its next REGULAR change; messages delivered in that span, including those delivered
 * between the next TRANSITIONAL change and the next REGULAR one (the old ring's leftovers), are
 * <em>delivered in R</em>. A process <em>stays with</em> q from R to R' when both install R right after R
 * and each is in the other's transitional membership of R'.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>DUPLICATE_DELIVERY: a process delivers a message at most once.</li>
 * <li>CORRUPT_PAYLOAD / UNKNOWN_MESSAGE: a delivered payload is byte-identical to one that send() accepted,
 *     and the sender the core names is the one that sent it.</li>
 * <li>DELIVERY_OUTSIDE_CONFIGURATION: nothing is delivered before the first REGULAR change.</li>
 * <li>SENDER_NOT_IN_CONFIGURATION: the sender of a message delivered in R is a member of R; a message delivered
 *     after the TRANSITIONAL change comes from a transitional member.</li>
 * <li>MESSAGE_IN_TWO_CONFIGURATIONS: every process that delivers a message delivers it in the same R.</li>
 * <li>ORDER (agreed order): any two processes order the messages they both delivered in R the same way.</li>
 * <li>VIRTUAL_SYNCHRONY (no gap, no loss among survivors): processes that stay together from R to R'
 *     deliver exactly the same messages in R, in the same order.</li>
 * <li>PREFIX: in the configuration they are still in at the end of the run, the deliveries of any two
 *     running processes are prefixes of one another (agreed delivery never skips a message of the ring).</li>
 * <li>CONFIGURATION_SEQUENCE: every REGULAR change directly follows a TRANSITIONAL one (deliveries may sit
 *     between them); a process is a member of its regular configurations; ring sequences grow; the
 *     transitional members are a subset of the previous regular members (just the process itself, for its
 *     first configuration) and of the new ones; joined = new - transitional; left = previous - transitional.</li>
 * <li>MEMBERSHIP_INCONSISTENT: every process that installs ring id X installs the same member list.</li>
 * <li>TRANSITIONAL_INCONSISTENT: when p and q both install R', q is in p's transitional membership exactly
 *     when both came to R' from the same regular configuration.</li>
 * <li>SELF_DELIVERY: every message that send() accepted on a process still RUNNING at the end of the run has
 *     been delivered to that process. (The simulator ends a run only after faults stop and the ring has had
 *     time to drain, so "eventually" is the end of the run. Processes that crashed or left owe nothing: their
 *     queued messages die with them.)</li>
 * <li>PROBE_NOT_DELIVERED (liveness): every probe (sent once the healed ring re-formed) is delivered by every
 *     process still running at the end.</li>
 * </ul>
 * Exception: a ring id that a process restarted with a wiped ring id store formed again (installed by two
 * incarnations of one node, or with two member lists) names two configurations Totem itself cannot tell
 * apart; the rules that compare processes within a configuration (membership, transitional sets, one
 * configuration per message, order, virtual synchrony, prefix) skip it. Per-process rules still apply.
 * Each rule reports at most {@link #MAX_PER_RULE} violations.
 */
public final class EvsChecker {

    public static final int MAX_PER_RULE = 10;

    private final RunHistory run;
    private final Map<Rule, List<Violation>> found = new EnumMap<>(Rule.class);

    /** Messages delivered by one process in one regular configuration. */
    /**
     * A regular configuration: its ring id and members. Ring ids alone do not name a configuration when every
     * node that knew a ring id restarted with a wiped ring id store and formed it again (see MEMBERSHIP_INCONSISTENT).
     */
    private record Configuration(RingId ring, List<Integer> members) {
        static Configuration of(ConfigurationChange regular) {
            return new Configuration(regular.ringId(), Arrays.stream(regular.members()).boxed().toList());
        }

        @Override
        public String toString() {
            return ring.toString();
        }
    }

    private record Segment(ProcessId process, Configuration ring, List<MessageId> messages, Configuration next,
            int[] nextTransitional) {
    }

    /** One process installing a regular configuration, and where it came from (null: its first). */
    private record Install(ProcessId process, Configuration previous, ConfigurationChange transitional,
            ConfigurationChange regular) {
    }

    private final Map<Configuration, List<Segment>> segments = new LinkedHashMap<>();
    private final Map<RingId, List<Install>> installs = new LinkedHashMap<>();
    private record Delivery(ProcessId process, Configuration configuration) {
    }

    private final Map<MessageId, List<Delivery>> deliveries = new HashMap<>();
    /** Ring ids formed again after a wiped ring id store (see {@link #findReusedRingIds()}); not comparable. */
    private final Set<RingId> reused = new HashSet<>();
    private final Set<MessageId> accepted = new HashSet<>();

    private EvsChecker(RunHistory run) {
        this.run = run;
    }

    public static List<Violation> check(RunHistory run) {
        EvsChecker checker = new EvsChecker(run);
        checker.run();
        List<Violation> all = new ArrayList<>();
        checker.found.values().forEach(all::addAll);
        return all;
    }

    private void run() {
        for (ProcessHistory p : run.processes()) {
            for (HistoryEvent e : p.events()) {
                if (e instanceof Sent s) {
                    accepted.add(s.id());
                }
            }
        }
        for (ProcessHistory p : run.processes()) {
            walk(p);
        }
        findReusedRingIds();
        checkMemberships();
        checkTransitionals();
        checkOneConfigurationPerMessage();
        for (Map.Entry<Configuration, List<Segment>> ring : segments.entrySet()) {
            if (reused.contains(ring.getKey().ring())) {
                continue;
            }
            checkOrder(ring.getValue());
            checkVirtualSynchrony(ring.getValue());
        }
        checkFinalPrefix();
        checkRunningProcessesOwe();
    }

    /** One process's history, in order: the per-process rules, and the segments and installs for the rest. */
    private void walk(ProcessHistory history) {
        ProcessId me = history.process();
        Set<MessageId> seen = new HashSet<>();
        ConfigurationChange regular = null;
        ConfigurationChange transitional = null;
        List<MessageId> current = new ArrayList<>();
        for (HistoryEvent e : history.events()) {
            if (e instanceof Delivered d) {
                if (!seen.add(d.id())) {
                    report(Rule.DUPLICATE_DELIVERY, d.id() + " delivered again at " + HistoryEvent.at(d.time()).trim(), me);
                }
                if (!d.intact()) {
                    report(Rule.CORRUPT_PAYLOAD, "payload of " + d.id() + " differs from what was sent", me);
                }
                if (!accepted.contains(d.id()) || d.senderNodeId() != d.id().nodeId()) {
                    report(Rule.UNKNOWN_MESSAGE, d.id() + " (core says from node " + d.senderNodeId()
                            + ") was never accepted by send() on that node", me);
                }
                if (regular == null) {
                    report(Rule.DELIVERY_OUTSIDE_CONFIGURATION, d.id() + " delivered before any regular configuration", me);
                    continue;
                }
                if (!contains(regular.members(), d.id().nodeId())) {
                    report(Rule.SENDER_NOT_IN_CONFIGURATION, d.id() + " delivered in " + regular.ringId()
                            + " whose members are " + Arrays.toString(regular.members()), me);
                } else if (transitional != null && !contains(transitional.members(), d.id().nodeId())) {
                    report(Rule.SENDER_NOT_IN_CONFIGURATION, d.id() + " delivered after " + transitional
                            + " but its sender is not a transitional member", me);
                }
                deliveries.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(new Delivery(me, Configuration.of(regular)));
                current.add(d.id());
            } else if (e instanceof ConfigChanged c) {
                ConfigurationChange change = c.change();
                if (change.kind() == ConfigurationChange.Kind.TRANSITIONAL) {
                    if (transitional != null) {
                        report(Rule.CONFIGURATION_SEQUENCE, "two TRANSITIONAL changes in a row: " + change, me);
                    }
                    transitional = change;
                    continue;
                }
                checkRegular(me, regular, transitional, change);
                if (regular != null) {
                    addSegment(new Segment(me, Configuration.of(regular), current, Configuration.of(change),
                            transitional == null ? new int[0] : transitional.members()));
                }
                installs.computeIfAbsent(change.ringId(), k -> new ArrayList<>())
                        .add(new Install(me, regular == null ? null : Configuration.of(regular), transitional, change));
                regular = change;
                transitional = null;
                current = new ArrayList<>();
            }
        }
        if (regular != null) {
            addSegment(new Segment(me, Configuration.of(regular), current, null, null));
        }
    }

    private void checkRegular(ProcessId me, ConfigurationChange previous, ConfigurationChange transitional,
            ConfigurationChange regular) {
        if (transitional == null) {
            report(Rule.CONFIGURATION_SEQUENCE, "REGULAR without a TRANSITIONAL before it: " + regular, me);
        }
        if (!contains(regular.members(), me.nodeId())) {
            report(Rule.CONFIGURATION_SEQUENCE, "installs a configuration it is not a member of: " + regular, me);
        }
        if (!isSorted(regular.members()) || !isSorted(regular.joined()) || !isSorted(regular.left())) {
            report(Rule.CONFIGURATION_SEQUENCE, "member lists not sorted ascending: " + regular, me);
        }
        if (previous != null && Long.compareUnsigned(regular.ringId().seq(), previous.ringId().seq()) <= 0) {
            report(Rule.CONFIGURATION_SEQUENCE, "ring sequence does not grow: " + previous.ringId() + " then "
                    + regular.ringId(), me);
        }
        if (transitional == null) {
            return;
        }
        Set<Integer> before = previous == null ? Set.of(me.nodeId()) : set(previous.members());
        Set<Integer> trans = set(transitional.members());
        Set<Integer> now = set(regular.members());
        if (!before.containsAll(trans) || !now.containsAll(trans)) {
            report(Rule.CONFIGURATION_SEQUENCE, "transitional members " + trans + " not within previous " + before
                    + " and new " + now, me);
        }
        Set<Integer> joined = new TreeSet<>(now);
        joined.removeAll(trans);
        if (!joined.equals(set(regular.joined()))) {
            report(Rule.CONFIGURATION_SEQUENCE, "joined " + Arrays.toString(regular.joined()) + " but new - transitional = "
                    + joined + " in " + regular, me);
        }
        if (previous != null) {
            Set<Integer> left = new TreeSet<>(before);
            left.removeAll(trans);
            if (!left.equals(set(transitional.left()))) {
                report(Rule.CONFIGURATION_SEQUENCE, "left " + Arrays.toString(transitional.left())
                        + " but previous - transitional = " + left + " in " + transitional, me);
            }
        }
    }

    private void addSegment(Segment segment) {
        segments.computeIfAbsent(segment.ring(), k -> new ArrayList<>()).add(segment);
    }

    /**
     * A ring id that a process with a wiped ring id store formed again: installed by two incarnations of one
     * node, or with two member lists. Nothing remembered the first ring, so Totem cannot tell the two apart
     * (a node still on the first one even accepts the second one's messages); Corosync persists ring ids for
     * exactly this reason. Rules that compare processes across a configuration skip such ring ids.
     */
    private void findReusedRingIds() {
        Map<ProcessId, ProcessHistory> byId = new HashMap<>();
        run.processes().forEach(h -> byId.put(h.process(), h));
        for (Map.Entry<RingId, List<Install>> ring : installs.entrySet()) {
            List<Install> all = ring.getValue();
            boolean wiped = all.stream().anyMatch(i -> byId.get(i.process()).restartedWithWipedStore());
            boolean twoIncarnations = all.stream().map(i -> i.process().nodeId()).distinct().count() < all.size();
            boolean twoMemberships = all.stream().map(i -> Configuration.of(i.regular())).distinct().count() > 1;
            if (wiped && (twoIncarnations || twoMemberships)) {
                reused.add(ring.getKey());
            }
        }
    }

    private void checkMemberships() {
        for (Map.Entry<RingId, List<Install>> ring : installs.entrySet()) {
            if (reused.contains(ring.getKey())) {
                continue;
            }
            Map<List<Integer>, List<ProcessId>> versions = new LinkedHashMap<>();
            for (Install i : ring.getValue()) {
                versions.computeIfAbsent(Configuration.of(i.regular()).members(), k -> new ArrayList<>()).add(i.process());
            }
            if (versions.size() > 1) {
                List<List<ProcessId>> who = new ArrayList<>(versions.values());
                report(Rule.MEMBERSHIP_INCONSISTENT, "ring " + ring.getKey() + " installed with members "
                        + versions.keySet() + " by " + who, who.get(0).get(0), who.get(1).get(0));
            }
        }
    }

    private void checkOneConfigurationPerMessage() {
        for (Map.Entry<MessageId, List<Delivery>> m : deliveries.entrySet()) {
            Delivery first = m.getValue().get(0);
            for (Delivery other : m.getValue()) {
                if (!other.configuration().equals(first.configuration()) && !reused.contains(first.configuration().ring())
                        && !reused.contains(other.configuration().ring())) {
                    report(Rule.MESSAGE_IN_TWO_CONFIGURATIONS, m.getKey() + " delivered in " + first.configuration() + " "
                            + first.configuration().members() + " by " + first.process() + " but in "
                            + other.configuration() + " " + other.configuration().members() + " by " + other.process(),
                            first.process(), other.process());
                    break;
                }
            }
        }
    }

    private void checkTransitionals() {
        for (Map.Entry<RingId, List<Install>> entry : installs.entrySet()) {
            if (reused.contains(entry.getKey())) {
                continue;
            }
            List<Install> ring = entry.getValue();
            for (Install p : ring) {
                if (p.transitional() == null) {
                    continue;
                }
                for (Install q : ring) {
                    if (p.previous() != null && reused.contains(p.previous().ring())
                            || q.previous() != null && reused.contains(q.previous().ring())) {
                        continue; // came from a ring id formed twice: "the same old ring" is undecidable
                    }
                    boolean together = p.previous() != null && p.previous().equals(q.previous());
                    boolean listed = contains(p.transitional().members(), q.process().nodeId());
                    if (q.process().equals(p.process()) && p.previous() == null) {
                        continue; // a process's first configuration: listing itself or not are both fine
                    }
                    if (together != listed) {
                        report(Rule.TRANSITIONAL_INCONSISTENT, p.process() + " and " + q.process() + " both come to "
                                + p.regular().ringId() + (together ? " from " + p.previous() + ", yet " : " from "
                                + p.previous() + " and " + q.previous() + ", yet ") + q.process().nodeId()
                                + (listed ? " is" : " is not") + " in " + p.process() + "'s " + p.transitional(),
                                p.process(), q.process());
                    }
                }
            }
        }
    }

    private void checkOrder(List<Segment> ring) {
        for (int i = 0; i < ring.size(); i++) {
            Map<MessageId, Integer> position = positions(ring.get(i).messages());
            for (int j = i + 1; j < ring.size(); j++) {
                int last = -1;
                MessageId lastId = null;
                for (MessageId m : ring.get(j).messages()) {
                    Integer at = position.get(m);
                    if (at == null) {
                        continue;
                    }
                    if (at < last) {
                        report(Rule.ORDER, "in " + ring.get(i).ring() + " " + ring.get(i).process() + " delivers " + m
                                + " before " + lastId + " but " + ring.get(j).process() + " the other way round",
                                ring.get(i).process(), ring.get(j).process());
                        break;
                    }
                    last = at;
                    lastId = m;
                }
            }
        }
    }

    private void checkVirtualSynchrony(List<Segment> ring) {
        for (int i = 0; i < ring.size(); i++) {
            Segment p = ring.get(i);
            for (int j = i + 1; j < ring.size(); j++) {
                Segment q = ring.get(j);
                if (p.next() == null || !p.next().equals(q.next()) || reused.contains(p.next().ring())
                        || !contains(p.nextTransitional(), q.process().nodeId())
                        || !contains(q.nextTransitional(), p.process().nodeId())) {
                    continue;
                }
                if (!p.messages().equals(q.messages())) {
                    report(Rule.VIRTUAL_SYNCHRONY, "moving together from " + p.ring() + " to " + p.next() + ", "
                            + describeDifference(p, q), p.process(), q.process());
                }
            }
        }
    }

    private void checkFinalPrefix() {
        Map<ProcessId, ProcessHistory> byId = new HashMap<>();
        run.processes().forEach(h -> byId.put(h.process(), h));
        for (Map.Entry<Configuration, List<Segment>> entry : segments.entrySet()) {
            if (reused.contains(entry.getKey().ring())) {
                continue;
            }
            List<Segment> ring = entry.getValue();
            List<Segment> finals = new ArrayList<>();
            for (Segment s : ring) {
                if (s.next() == null && byId.get(s.process()).end() == ProcessHistory.End.RUNNING) {
                    finals.add(s);
                }
            }
            for (int i = 0; i < finals.size(); i++) {
                for (int j = i + 1; j < finals.size(); j++) {
                    Segment p = finals.get(i);
                    Segment q = finals.get(j);
                    int n = Math.min(p.messages().size(), q.messages().size());
                    if (!p.messages().subList(0, n).equals(q.messages().subList(0, n))) {
                        report(Rule.PREFIX, "in their current ring " + p.ring() + ", " + describeDifference(p, q),
                                p.process(), q.process());
                    }
                }
            }
        }
    }

    private void checkRunningProcessesOwe() {
        for (ProcessHistory p : run.processes()) {
            if (p.end() != ProcessHistory.End.RUNNING) {
                continue;
            }
            Set<MessageId> delivered = new HashSet<>();
            List<MessageId> sent = new ArrayList<>();
            for (HistoryEvent e : p.events()) {
                if (e instanceof Delivered d) {
                    delivered.add(d.id());
                } else if (e instanceof Sent s) {
                    sent.add(s.id());
                }
            }
            List<MessageId> missing = sent.stream().filter(m -> !delivered.contains(m)).toList();
            if (!missing.isEmpty()) {
                report(Rule.SELF_DELIVERY, missing.size() + " of its own " + sent.size() + " accepted messages never "
                        + "delivered to it, first " + missing.subList(0, Math.min(5, missing.size())), p.process());
            }
            List<MessageId> probesMissing = run.probes().stream().filter(m -> !delivered.contains(m)).sorted(
                    (a, b) -> Integer.compare(a.nodeId(), b.nodeId())).toList();
            if (!probesMissing.isEmpty()) {
                report(Rule.PROBE_NOT_DELIVERED, "probes never delivered: " + probesMissing, p.process());
            }
        }
    }

    private static String describeDifference(Segment p, Segment q) {
        List<MessageId> a = p.messages();
        List<MessageId> b = q.messages();
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return p.process() + " delivered " + a.size() + " and " + q.process() + " " + b.size()
                + " messages; they differ at index " + i + ": " + (i < a.size() ? a.get(i) : "end") + " vs "
                + (i < b.size() ? b.get(i) : "end");
    }

    private static Map<MessageId, Integer> positions(List<MessageId> messages) {
        Map<MessageId, Integer> position = new HashMap<>();
        for (int k = 0; k < messages.size(); k++) {
            position.putIfAbsent(messages.get(k), k);
        }
        return position;
    }

    private void report(Rule rule, String detail, ProcessId... processes) {
        List<Violation> list = found.computeIfAbsent(rule, k -> new ArrayList<>());
        if (list.size() < MAX_PER_RULE) {
            list.add(new Violation(rule, detail, List.of(processes)));
        }
    }

    private static boolean contains(int[] sorted, int value) {
        for (int v : sorted) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSorted(int[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i - 1] >= values[i]) {
                return false;
            }
        }
        return true;
    }

    private static Set<Integer> set(int[] values) {
        Set<Integer> s = new TreeSet<>();
        for (int v : values) {
            s.add(v);
        }
        return s;
    }
}
