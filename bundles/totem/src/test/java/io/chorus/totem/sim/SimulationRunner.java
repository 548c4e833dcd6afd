package io.chorus.totem.sim;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.TotemParameters;
import io.chorus.totem.TotemState;
import io.chorus.totem.evs.EvsChecker;
import io.chorus.totem.evs.MessageId;
import io.chorus.totem.evs.ProcessHistory;
import io.chorus.totem.evs.ProcessId;
import io.chorus.totem.evs.RunHistory;
import io.chorus.totem.evs.Violation;
import io.chorus.totem.evs.Violation.Rule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one simulation: builds the nodes, network, workload and fault plan from the options, drives the
 * virtual clock through the fault, healing and draining phases (see {@link SimOptions}), then hands the
 * histories to the {@link EvsChecker}. Single-threaded and free of wall-clock reads, so a seed replays.
 */
public final class SimulationRunner {

    /** The core logs every membership at INFO; thousands of simulated rings would drown the test output. */
    private static final Logger TOTEM_LOG = Logger.getLogger("io.chorus.totem");

    static {
        TOTEM_LOG.setLevel(Level.WARNING);
    }

    /** How often the healing and draining phases look at the cluster (virtual time). */
    private static final long POLL = 10_000;

    final SimOptions options;
    final SimCore.Factory factory;
    final TotemParameters parameters;
    final EventQueue events = new EventQueue();
    final RunHistory history = new RunHistory();
    final SimulationResult.Stats stats = new SimulationResult.Stats();
    final SimulatedNode[] nodes;
    private final SimulatedNetwork network;
    private final Workload workload;
    private final FaultPlan plan;
    private final List<Violation> runViolations = new ArrayList<>();
    private boolean aborted;

    private SimulationRunner(SimOptions options, SimCore.Factory factory) {
        options.validate();
        this.options = options;
        this.factory = factory;
        this.parameters = options.parameters();
        // One seed; each consumer gets its own split stream so that, e.g., more packets do not shift the faults.
        SplittableRandom root = new SplittableRandom(options.seed());
        this.plan = FaultPlan.generate(options, root.split());
        this.network = new SimulatedNetwork(events, root.split(), options, this::arrive);
        SplittableRandom startTimes = root.split();
        this.nodes = new SimulatedNode[options.nodes];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new SimulatedNode(i + 1, this, root.split());
        }
        int maxPayload = options.maxPayload > 0 ? Math.min(options.maxPayload, parameters.maxPayload())
                : parameters.maxPayload();
        this.workload = new Workload(events, nodes, root.split(), options.rate, maxPayload);
        for (SimulatedNode node : nodes) {
            long at = options.startSpread > 0 ? startTimes.nextLong(FaultPlan.millis(options.startSpread) + 1) : 0;
            events.at(at, () -> node.start(true));
        }
    }

    public static SimulationResult run(SimOptions options) {
        return run(options, SimCore.real());
    }

    static SimulationResult run(SimOptions options, SimCore.Factory factory) {
        return new SimulationRunner(options.copy(), factory).execute();
    }

    private SimulationResult execute() {
        // Phase 1: faults.
        network.setFaults(options.loss, options.dup);
        schedule(plan);
        workload.start();
        long faultsEnd = FaultPlan.seconds(options.duration);
        runUntil(faultsEnd);

        // Phase 2: healing. No more loss or partitions; every down node comes back (with its ring id store).
        network.setFaults(0, 0);
        network.heal();
        noteEverywhere("faults end: heal, no loss");
        for (SimulatedNode node : nodes) {
            if (!node.isUp()) {
                node.start(true);
            }
        }
        long deadline = faultsEnd + settleBound();
        while (!aborted && !converged() && events.now() < deadline) {
            runUntil(Math.min(deadline, events.now() + POLL));
        }
        if (!aborted && !converged()) {
            runViolations.add(new Violation(Rule.LIVENESS, "no single ring of all " + nodes.length + " nodes within "
                    + settleBound() / 1_000_000.0 + " virtual s after the faults stopped", List.of()));
        } else if (!aborted) {
            stats.convergenceMicros = events.now() - faultsEnd;
            drain();
        }
        workload.stop();
        stats.events = events.executed();
        stats.virtualMicros = events.now();

        List<Violation> violations = new ArrayList<>(runViolations);
        if (!aborted) {
            violations.addAll(EvsChecker.check(history));
        }
        return new SimulationResult(options, history, violations, stats, describeNodes());
    }

    /** Phase 3: one probe per node on the healed ring; run until every node has every probe and its own messages. */
    private void drain() {
        workload.stop();
        for (SimulatedNode node : nodes) {
            sendProbe(node);
        }
        long deadline = events.now() + settleBound();
        while (!aborted && !drained() && events.now() < deadline) {
            runUntil(Math.min(deadline, events.now() + POLL));
        }
        if (!aborted && !drained()) {
            runViolations.add(new Violation(Rule.LIVENESS, "the healed ring did not deliver every probe and every "
                    + "node's own messages within " + settleBound() / 1_000_000.0 + " virtual s", List.of()));
        }
    }

    private void sendProbe(SimulatedNode node) {
        MessageId probe = node.sendApplicationMessage(Payloads.HEADER + 8);
        if (probe != null) {
            history.probe(probe);
        } else if (node.isUp()) {
            events.after(POLL, () -> sendProbe(node)); // queue full: try again shortly
        }
    }

    /** Every node up, operational, on the same ring of all nodes, and its services synced. */
    private boolean converged() {
        int[] everyone = new int[nodes.length];
        Arrays.setAll(everyone, i -> i + 1);
        SimulatedNode first = nodes[0];
        for (SimulatedNode node : nodes) {
            if (!node.isUp() || node.core.state() != TotemState.OPERATIONAL || !node.acknowledged
                    || !node.core.ringId().equals(first.core.ringId()) || !Arrays.equals(node.core.members(), everyone)) {
                return false;
            }
            ConfigurationChange last = node.history.lastConfiguration();
            if (last == null || !last.isRegular() || !last.ringId().equals(first.core.ringId())) {
                return false;
            }
        }
        return true;
    }

    private boolean drained() {
        for (SimulatedNode node : nodes) {
            if (!node.owed.isEmpty() || node.probesDelivered.size() < history.probes().size()) {
                return false;
            }
        }
        return true;
    }

    private long settleBound() {
        if (options.settle > 0) {
            return FaultPlan.seconds(options.settle);
        }
        return 6L * (parameters.token() + parameters.consensus()) * 1000 + 5_000_000;
    }

    private void runUntil(long time) {
        while (!aborted && events.runNext(time)) {
            if (events.executed() >= options.maxEvents) {
                runViolations.add(new Violation(Rule.EVENT_LIMIT, "event budget of " + options.maxEvents
                        + " spent at virtual " + events.now() / 1e6 + " s (a packet storm or livelock?)", List.of()));
                aborted = true;
            }
        }
        events.advanceTo(time);
    }

    private void schedule(FaultPlan faults) {
        for (FaultPlan.Fault fault : faults.faults) {
            if (fault instanceof FaultPlan.Partition p) {
                events.at(p.time(), () -> {
                    network.partition(p.groupOf());
                    noteEverywhere(p.toString());
                });
            } else if (fault instanceof FaultPlan.Heal h) {
                events.at(h.time(), () -> {
                    network.heal();
                    noteEverywhere("heal");
                });
            } else if (fault instanceof FaultPlan.Crash c) {
                events.at(c.time(), () -> stopAndRestart(nodes[c.nodeId() - 1], false, c.restartAfter(), c.keepRingId()));
            } else if (fault instanceof FaultPlan.Leave l) {
                events.at(l.time(), () -> stopAndRestart(nodes[l.nodeId() - 1], true, l.restartAfter(), true));
            }
        }
    }

    private void noteEverywhere(String text) {
        for (SimulatedNode node : nodes) {
            if (node.isUp()) {
                node.history.note(events.now(), text);
            }
        }
    }

    private void stopAndRestart(SimulatedNode node, boolean cleanly, long restartAfter, boolean keepRingId) {
        if (!node.isUp()) {
            return;
        }
        if (cleanly) {
            node.leave();
        } else {
            node.crash();
        }
        if (restartAfter >= 0) {
            int died = node.incarnation;
            long at = events.now() + restartAfter;
            if (at < FaultPlan.seconds(options.duration)) { // later ones happen at healing anyway
                events.at(at, () -> {
                    if (!node.isUp() && node.incarnation == died) {
                        node.start(keepRingId);
                    }
                });
            }
        }
    }

    void transmit(SimulatedNode from, int to, byte[] packet) {
        SimulatedNode destination = nodes[to - 1];
        network.send(from.nodeId, from.incarnation, to, destination.isUp() ? destination.incarnation : -1, packet);
    }

    private void arrive(int from, int fromIncarnation, int to, int toIncarnation, byte[] packet) {
        SimulatedNode sender = nodes[from - 1];
        if (sender.incarnation != fromIncarnation || sender.history.end() == ProcessHistory.End.CRASHED) {
            return; // the sender crashed since: its in-flight packets die with it (a LEAVE still arrives)
        }
        nodes[to - 1].receive(toIncarnation, packet);
    }

    void coreThrew(SimulatedNode node, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String[] lines = trace.toString().split("\n");
        String shortTrace = String.join("\n", Arrays.asList(lines).subList(0, Math.min(12, lines.length)));
        runViolations.add(new Violation(Rule.CORE_EXCEPTION, "at virtual " + events.now() / 1e6 + " s: " + shortTrace,
                node.history == null ? List.of() : List.of(new ProcessId(node.nodeId, node.incarnation))));
        aborted = true;
    }

    private String describeNodes() {
        StringBuilder text = new StringBuilder();
        for (SimulatedNode node : nodes) {
            text.append("  ").append(node.describe()).append('\n');
        }
        return text.toString();
    }
}
