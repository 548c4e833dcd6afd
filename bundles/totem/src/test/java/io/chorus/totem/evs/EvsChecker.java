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
 * <h2>Ring ids formed again</h2>
 * Totem SRP names a ring by its ring id alone (representative, sequence): MCASTs, ORF tokens and the old-ring
 * entries of the commit token carry nothing else, and the protocol keeps ring ids unique only by storing the
 * sequence in stable storage (Corosync's {@code ringid_<nodeid>} file). A node restarted with a wiped store
 * ({@link ProcessHistory#restartedWithWipedStore()}) can form a ring id again (installed by two incarnations of
 * one node, or with two member lists): two <em>instances</em> of one ring id. What that costs, and so what the
 * checker excuses:
 * <ul>
 * <li>MEMBERSHIP_INCONSISTENT: the instances may have different member lists; not checked for such a ring id.</li>
 * <li>Instances that were in use <em>at the same time</em> (confusable ones) are genuinely confused by Totem:
 *     a process still on the first one accepts the second one's MCASTs (same ring id, sequence numbers that
 *     collide) and two processes coming from the two instances count as coming from the same old ring at the
 *     next membership. The rules that compare processes within a configuration (transitional sets, one
 *     configuration per message, order, virtual synchrony, prefix) skip such a ring id.</li>
 * <li>Instances used one after the other cannot be confused: a process compares a packet's ring id only with
 *     its own ring (or, in recovery, its old ring), and when the second instance forms nobody is on the first
 *     one any more, so no MCAST, token or commit token entry of one can be taken for the other. Each such
 *     instance is a configuration of its own and every rule applies to it, as to any other ring. (The simulator
 *     shows both cases: with {@code --restart fresh} most re-formed ring ids are sequential and pass every rule;
 *     the concurrent ones show a process of the first instance delivering MCASTs of the second.)</li>
 * </ul>
 * Per-process rules always apply. Each rule reports at most {@link #MAX_PER_RULE} violations.
 */
public final class EvsChecker {

    public static final int MAX_PER_RULE = 10;

    private final RunHistory run;
    private final Map<Rule, List<Violation>> found = new EnumMap<>(Rule.class);

    /**
     * A regular configuration: its ring id, its members, and which instance of the ring id it is (0 but for a ring
     * id formed again, see the class comment).
     */
    private record Configuration(RingId ring, List<Integer> members, int instance) {
        @Override
        public String toString() {
            return ring + (instance == 0 ? "" : "#" + instance);
        }
    }

    /** Messages delivered by one process in one regular configuration. */
    private record Segment(ProcessId process, Configuration ring, List<MessageId> messages, Configuration next,
            int[] nextTransitional) {
    }

    /**
     * A process installing a ring id, and the time during which it may have been on that ring: from its previous
     * REGULAR change (it may commit to the new ring any time after that) or its start, to its next REGULAR change
     * or its end. Generous on purpose: more overlap means more ring ids excused, never a false alarm.
     */
    private record Span(ProcessId process, ConfigurationChange regular, long from, long to) {
        boolean overlaps(Span other) {
            return from < other.to && other.from < to;
        }

        List<Integer> members() {
            return Arrays.stream(regular.members()).boxed().toList();
        }
    }

    private record Key(ProcessId process, RingId ring) {
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
    private final Map<RingId, List<Span>> spans = new LinkedHashMap<>();
    /** Ring ids formed again after a wiped ring id store (see {@link #findReformedRingIds()}). */
    private final Set<RingId> reformed = new HashSet<>();
    /**
     * Reformed ring ids whose instances were in use at the same time: Totem cannot tell them apart, so the rules
     * that compare processes within a configuration skip them (see the class comment).
     */
    private final Set<RingId> confusable = new HashSet<>();
    /** The instance of a reformed ring id that a process installed. */
    private final Map<Key, Integer> instances = new HashMap<>();
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
            collectSpans(p);
        }
        findReformedRingIds();
        for (ProcessHistory p : run.processes()) {
            walk(p);
        }
        checkMemberships();
        checkTransitionals();
        checkOneConfigurationPerMessage();
        for (Map.Entry<Configuration, List<Segment>> ring : segments.entrySet()) {
            if (confusable.contains(ring.getKey().ring())) {
                continue;
            }
            checkOrder(ring.getValue());
            checkVirtualSynchrony(ring.getValue());
        }
        checkFinalPrefix();
        checkRunningProcessesOwe();
    }

    /** Where each REGULAR change of a process sits in time (see {@link Span}). */
    private void collectSpans(ProcessHistory history) {
        List<HistoryEvent> events = history.events();
        List<ConfigChanged> regulars = new ArrayList<>();
        for (HistoryEvent e : events) {
            if (e instanceof ConfigChanged c && c.change().kind() == ConfigurationChange.Kind.REGULAR) {
                regulars.add(c);
            }
        }
        long start = events.isEmpty() ? 0 : events.get(0).time();
        long end = history.end() == ProcessHistory.End.RUNNING ? Long.MAX_VALUE : history.endTime();
        for (int i = 0; i < regulars.size(); i++) {
            long from = i == 0 ? start : regulars.get(i - 1).time();
            long to = i + 1 < regulars.size() ? regulars.get(i + 1).time() : end;
            ConfigurationChange regular = regulars.get(i).change();
            spans.computeIfAbsent(regular.ringId(), k -> new ArrayList<>())
                    .add(new Span(history.process(), regular, from, Math.max(to, from)));
        }
    }

    /** The configuration {@code process} installed with {@code regular}. */
    private Configuration configuration(ProcessId process, ConfigurationChange regular) {
        return new Configuration(regular.ringId(), Arrays.stream(regular.members()).boxed().toList(),
                instances.getOrDefault(new Key(process, regular.ringId()), 0));
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
                deliveries.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(new Delivery(me, configuration(me, regular)));
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
                    addSegment(new Segment(me, configuration(me, regular), current, configuration(me, change),
                            transitional == null ? new int[0] : transitional.members()));
                }
                installs.computeIfAbsent(change.ringId(), k -> new ArrayList<>())
                        .add(new Install(me, regular == null ? null : configuration(me, regular), transitional, change));
                regular = change;
                transitional = null;
                current = new ArrayList<>();
            }
        }
        if (regular != null) {
            addSegment(new Segment(me, configuration(me, regular), current, null, null));
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
     * Ring ids that a process with a wiped ring id store formed again: installed by two incarnations of one node,
     * or with two member lists. Their installs are split into instances: installs with the same member list whose
     * {@link Span}s overlap (directly or through others) are one instance. The ring id is {@link #confusable} when
     * installs with different member lists overlap in time, or when one instance holds two incarnations of a node
     * (two instances of the same member list that overlap): then Totem itself could not keep them apart.
     */
    private void findReformedRingIds() {
        Map<ProcessId, ProcessHistory> byId = new HashMap<>();
        run.processes().forEach(h -> byId.put(h.process(), h));
        for (Map.Entry<RingId, List<Span>> ring : spans.entrySet()) {
            List<Span> all = ring.getValue();
            boolean wiped = all.stream().anyMatch(i -> byId.get(i.process()).restartedWithWipedStore());
            boolean twoIncarnations = all.stream().map(i -> i.process().nodeId()).distinct().count() < all.size();
            boolean twoMemberships = all.stream().map(Span::members).distinct().count() > 1;
            if (!wiped || !(twoIncarnations || twoMemberships)) {
                continue;
            }
            reformed.add(ring.getKey());
            // union-find over the installs: same member list and overlapping in time
            int[] parent = new int[all.size()];
            for (int i = 0; i < parent.length; i++) {
                parent[i] = i;
            }
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    if (!all.get(i).overlaps(all.get(j))) {
                        continue;
                    }
                    if (all.get(i).members().equals(all.get(j).members())) {
                        parent[find(parent, i)] = find(parent, j);
                    } else {
                        confusable.add(ring.getKey()); // two instances live at once
                    }
                }
            }
            Map<Integer, Integer> numbers = new HashMap<>();
            Map<Integer, Set<Integer>> nodes = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                int root = find(parent, i);
                int instance = numbers.computeIfAbsent(root, r -> numbers.size() + 1);
                instances.put(new Key(all.get(i).process(), ring.getKey()), instance);
                if (!nodes.computeIfAbsent(root, r -> new HashSet<>()).add(all.get(i).process().nodeId())) {
                    confusable.add(ring.getKey()); // two incarnations of one node in what looks like one instance
                }
            }
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void checkMemberships() {
        for (Map.Entry<RingId, List<Install>> ring : installs.entrySet()) {
            if (reformed.contains(ring.getKey())) {
                continue; // instances of a ring id formed again may have different member lists
            }
            Map<List<Integer>, List<ProcessId>> versions = new LinkedHashMap<>();
            for (Install i : ring.getValue()) {
                versions.computeIfAbsent(Arrays.stream(i.regular().members()).boxed().toList(), k -> new ArrayList<>())
                        .add(i.process());
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
                if (!other.configuration().equals(first.configuration()) && !confusable.contains(first.configuration().ring())
                        && !confusable.contains(other.configuration().ring())) {
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
            if (confusable.contains(entry.getKey())) {
                continue;
            }
            List<Install> ring = entry.getValue();
            for (Install p : ring) {
                if (p.transitional() == null) {
                    continue;
                }
                for (Install q : ring) {
                    if (reformed.contains(entry.getKey())
                            && !configuration(q.process(), q.regular()).equals(configuration(p.process(), p.regular()))) {
                        continue; // another instance of a ring id formed again
                    }
                    if (p.previous() != null && confusable.contains(p.previous().ring())
                            || q.previous() != null && confusable.contains(q.previous().ring())) {
                        continue; // came from instances Totem could not tell apart: "the same old ring" is undecidable
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
                if (p.next() == null || !p.next().equals(q.next()) || confusable.contains(p.next().ring())
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
            if (confusable.contains(entry.getKey().ring())) {
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
