package io.chorus.totem.sim;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingIdStore;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.evs.MessageId;
import io.chorus.totem.evs.ProcessHistory;
import io.chorus.totem.evs.ProcessId;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One node of the simulated cluster: the current core (if the node is up), its timers on the virtual
 * clock, its ring id store (which survives crashes, like a file in state_dir), and the history of its
 * current incarnation. It is the core's {@link TotemOutput}: everything the core does lands here.
 */
final class SimulatedNode implements TotemOutput {

    /** A ring id "file" that outlives the core; a restart with a fresh store models a wiped state_dir. */
    static final class PersistentStore implements RingIdStore {
        private long seq;

        @Override
        public long load(int nodeId) {
            return seq;
        }

        @Override
        public void store(int nodeId, long ringSeq) {
            seq = ringSeq;
        }
    }

    final int nodeId;
    private final SimulationRunner sim;
    private final SplittableRandom random;
    private final Map<TotemTimer, EventQueue.Event> timers = new EnumMap<>(TotemTimer.class);
    private PersistentStore store = new PersistentStore();

    int incarnation = -1;
    SimCore core;
    ProcessHistory history;
    private long counter;
    /** Accepted by send() and not yet delivered back: the self-delivery debt of this incarnation. */
    final Set<MessageId> owed = new HashSet<>();
    final Set<MessageId> probesDelivered = new HashSet<>();
    boolean acknowledged;
    private long regularConfigurations;

    SimulatedNode(int nodeId, SimulationRunner sim, SplittableRandom random) {
        this.nodeId = nodeId;
        this.sim = sim;
        this.random = random;
    }

    /** Virtual time now, in microseconds (for wrappers of this output, e.g. tracing tools). */
    long now() {
        return sim.events.now();
    }

    boolean isUp() {
        return core != null;
    }

    /** Starts a new incarnation: a new core, a new process in the history, optionally a wiped ring id store. */
    void start(boolean keepRingId) {
        if (!keepRingId) {
            store = new PersistentStore();
        }
        incarnation++;
        history = sim.history.newProcess(new ProcessId(nodeId, incarnation)).restartedWithWipedStore(!keepRingId);
        owed.clear();
        probesDelivered.clear();
        acknowledged = false;
        counter = 0;
        history.note(sim.events.now(), "start with ring id store " + (keepRingId ? "kept" : "wiped") + " (seq "
                + store.load(nodeId) + ")");
        core = sim.factory.create(nodeId, sim.parameters, store, this, random.split());
        call(() -> core.start());
    }

    /** The process dies: its core, its timers and every packet addressed to it in flight are gone. */
    void crash() {
        stop(ProcessHistory.End.CRASHED);
    }

    /** A clean stop: the core says goodbye (LEAVE), then the process is gone like a crashed one. */
    void leave() {
        call(() -> core.leave());
        if (core != null) {
            stop(ProcessHistory.End.LEFT);
        }
    }

    private void stop(ProcessHistory.End how) {
        timers.values().forEach(EventQueue.Event::cancel);
        timers.clear();
        core = null;
        history.ended(how, sim.events.now());
    }

    void receive(int toIncarnation, byte[] packet) {
        if (core == null || toIncarnation != incarnation) {
            return;
        }
        // Each arrival gets its own buffer: a duplicate must not see what the core did to the first copy.
        call(() -> core.receive(ByteBuffer.wrap(packet.clone())));
    }

    /** The workload's send: a unique self-describing payload; only an accepted one is owed back. */
    MessageId sendApplicationMessage(int size) {
        if (core == null) {
            return null;
        }
        MessageId id = new MessageId(nodeId, incarnation, ++counter);
        boolean[] accepted = new boolean[1];
        call(() -> accepted[0] = core.send(ByteBuffer.wrap(Payloads.encode(id, size))));
        if (!accepted[0]) {
            sim.stats.refused++;
            return null;
        }
        history.sent(sim.events.now(), id);
        owed.add(id);
        sim.stats.sent++;
        return id;
    }

    /** Runs a call into the core; an exception out of the core ends the run as a finding. */
    private void call(Runnable action) {
        if (core == null) {
            return;
        }
        SimCore before = core;
        TotemState was = core.state();
        try {
            action.run();
        } catch (RuntimeException | AssertionError e) {
            sim.coreThrew(this, e);
            return;
        }
        if (core == before && core.state() != was) {
            history.note(sim.events.now(), was + " -> " + core.state() + " (ring " + core.ringId() + ")");
        }
    }

    // ---- TotemOutput: what the core does ----

    @Override
    public void unicast(int to, ByteBuffer packet) {
        sim.transmit(this, to, copy(packet));
    }

    @Override
    public void multicast(ByteBuffer packet) {
        byte[] bytes = copy(packet);
        for (int to = 1; to <= sim.nodes.length; to++) {
            sim.transmit(this, to, bytes);
        }
    }

    /** As the transport does: no own copy, so every simulated scenario proves the core does not need one. */
    @Override
    public void multicastStored(ByteBuffer packet) {
        byte[] bytes = copy(packet);
        for (int to = 1; to <= sim.nodes.length; to++) {
            if (to != nodeId) {
                sim.transmit(this, to, bytes);
            }
        }
    }

    @Override
    public void setTimer(TotemTimer timer, long delayMillis) {
        cancelTimer(timer);
        int armedBy = incarnation;
        timers.put(timer, sim.events.after(Math.max(0, delayMillis) * 1000, () -> {
            if (core != null && incarnation == armedBy) {
                timers.remove(timer);
                call(() -> core.timerExpired(timer));
            }
        }));
    }

    @Override
    public void cancelTimer(TotemTimer timer) {
        EventQueue.Event armed = timers.remove(timer);
        if (armed != null) {
            armed.cancel();
        }
    }

    @Override
    public void deliver(int senderNodeId, ByteBuffer payload) {
        MessageId id = Payloads.idOf(payload);
        boolean intact = id != null && Payloads.intact(payload, id);
        if (id == null) {
            id = new MessageId(senderNodeId, -1, -1);
        }
        history.delivered(sim.events.now(), senderNodeId, id, intact);
        sim.stats.delivered++;
        if (id.nodeId() == nodeId && id.incarnation() == incarnation) {
            owed.remove(id);
        }
        if (sim.history.probes().contains(id)) {
            probesDelivered.add(id);
        }
    }

    @Override
    public void configurationChange(ConfigurationChange change) {
        history.configuration(sim.events.now(), change);
        sim.stats.configurationChanges++;
        if (change.isRegular()) {
            // The executive syncs its services, then lets the messages queued before the change go out.
            // A newer configuration before the acknowledgement restarts sync: only the latest one is acknowledged.
            acknowledged = false;
            int at = incarnation;
            long configuration = ++regularConfigurations;
            sim.events.after(FaultPlan.millis(sim.options.syncDelay), () -> {
                if (core != null && incarnation == at && regularConfigurations == configuration) {
                    acknowledged = true;
                    history.note(sim.events.now(), "acknowledgeTransition()");
                    call(() -> core.acknowledgeTransition());
                }
            });
        }
    }

    private static byte[] copy(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        return bytes;
    }

    String describe() {
        if (core == null) {
            return "n" + nodeId + " down";
        }
        return "n" + nodeId + "/" + incarnation + " " + core.state() + " ring " + core.ringId() + " members "
                + java.util.Arrays.toString(core.members()) + " owes " + owed.size() + " self-deliveries\n    "
                + core.counters();
    }
}
