package io.chorus.totem.sim;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingId;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.evs.MessageId;
import io.chorus.totem.evs.Violation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.Test;

/** The simulator's own parts, tested with a test-double core (no protocol) so that they can be trusted. */
public class SimulatorPlumbingTest {

    @Test
    public void eventsRunInTimeOrderThenSchedulingOrder() {
        EventQueue q = new EventQueue();
        List<String> ran = new ArrayList<>();
        q.at(20, () -> ran.add("b"));
        q.at(10, () -> ran.add("a"));
        q.at(20, () -> ran.add("c"));
        EventQueue.Event cancelled = q.at(15, () -> ran.add("x"));
        cancelled.cancel();
        q.at(30, () -> q.after(0, () -> ran.add("e"))).getClass();
        q.at(30, () -> ran.add("d"));
        while (q.runNext(100)) {
            // run everything
        }
        assertEquals(List.of("a", "b", "c", "d", "e"), ran);
        assertEquals(30, q.now());
        assertFalse(q.runNext(1000));
        q.advanceTo(500);
        assertEquals(500, q.now());
    }

    @Test
    public void networkLosesDuplicatesAndPartitionsAsConfigured() {
        EventQueue q = new EventQueue();
        int[] arrived = new int[4];
        SimOptions o = new SimOptions().set("nodes", 3);
        SimulatedNetwork net = new SimulatedNetwork(q, new SplittableRandom(7), o, (f, fi, t, ti, p) -> arrived[t]++);
        net.setFaults(0.3, 0.1);
        for (int i = 0; i < 10_000; i++) {
            net.send(1, 0, 2, 0, new byte[1]);
            net.send(1, 0, 1, 0, new byte[1]); // to itself: never lost, never duplicated
        }
        while (q.runNext(Long.MAX_VALUE)) {
            // deliver all
        }
        assertEquals(10_000, arrived[1]);
        assertTrue("lost " + net.packetsLost, net.packetsLost > 2700 && net.packetsLost < 3300);
        assertTrue("duplicated " + net.packetsDuplicated, net.packetsDuplicated > 550 && net.packetsDuplicated < 850);
        assertEquals(10_000 - net.packetsLost + net.packetsDuplicated, arrived[2]);

        net.setFaults(0, 0);
        net.partition(new int[] {0, 1, 1});
        assertFalse(net.reachable(1, 2));
        assertTrue(net.reachable(2, 3));
        net.send(1, 0, 2, 0, new byte[1]);
        net.send(2, 0, 3, 0, new byte[1]);
        while (q.runNext(Long.MAX_VALUE)) {
            // deliver all
        }
        assertEquals(10_000 - net.packetsLost + net.packetsDuplicated, arrived[2]);
        assertEquals(1, arrived[3]);
        net.heal();
        assertTrue(net.reachable(1, 2));
    }

    @Test
    public void jitterReordersPackets() {
        EventQueue q = new EventQueue();
        List<Integer> order = new ArrayList<>();
        SimOptions o = new SimOptions().set("nodes", 2).set("jitter", 2.0);
        SimulatedNetwork net = new SimulatedNetwork(q, new SplittableRandom(3), o, (f, fi, t, ti, p) -> order.add((int) p[0]));
        for (int i = 0; i < 50; i++) {
            net.send(1, 0, 2, 0, new byte[] {(byte) i});
        }
        while (q.runNext(Long.MAX_VALUE)) {
            // deliver all
        }
        assertEquals(50, order.size());
        assertNotEquals(order.stream().sorted().collect(Collectors.toList()), order);
    }

    @Test
    public void optionsRoundTripThroughTheirCommandLine() {
        SimOptions o = new SimOptions().set("nodes", 5).set("loss", 0.2).set("restart", "fresh").seed(42);
        SimOptions parsed = new SimOptions();
        List<String> rest = parsed.parse(o.toArgs().split(" "));
        assertEquals(List.of(), rest);
        assertEquals(o.toArgs(), parsed.toArgs());
        assertTrue(o.toArgs(), o.toArgs().contains("--seed 42") && o.toArgs().contains("--loss 0.2"));
    }

    @Test
    public void aFaultFreeRunOnTheTestDoublePassesAndDeliversEverythingEverywhere() {
        SimOptions o = new SimOptions().set("nodes", 4).set("duration", 3).set("start-spread", 0).seed(5);
        SimulationResult r = SimulationRunner.run(o, PerfectSequencerCore.factory(4));
        assertTrue(r.report(10), r.passed());
        assertTrue(r.stats.sent > 100);
        assertEquals(4 * r.stats.sent, r.stats.delivered);
        assertEquals(4, r.history.probes().size());
    }

    @Test
    public void aSeedReplaysExactlyAndAnotherSeedDoesNot() {
        SimOptions o = new SimOptions().set("nodes", 3).set("duration", 2).set("jitter", 1.0).set("start-spread", 0).seed(11);
        String first = everything(SimulationRunner.run(o, PerfectSequencerCore.factory(3)));
        String again = everything(SimulationRunner.run(o, PerfectSequencerCore.factory(3)));
        String other = everything(SimulationRunner.run(o.copy().seed(12), PerfectSequencerCore.factory(3)));
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    private static String everything(SimulationResult r) {
        StringBuilder text = new StringBuilder();
        r.history.processes().forEach(p -> text.append(p.tail(Integer.MAX_VALUE)));
        return text.toString();
    }

    /** A core that loses one delivery on one node must fail the run: the pipeline can say no. */
    @Test
    public void aCoreThatSkipsADeliveryFailsTheRun() {
        SimOptions o = new SimOptions().set("nodes", 3).set("duration", 2).set("start-spread", 0).seed(3);
        SimCore.Factory sequencer = PerfectSequencerCore.factory(3);
        SimCore.Factory lossy = (nodeId, p, store, out, random) -> sequencer.create(nodeId, p, store,
                nodeId == 2 ? skipNth(out, 10) : out, random);
        SimulationResult r = SimulationRunner.run(o, lossy);
        assertFalse(r.passed());
        assertTrue(r.report(5), r.violations.stream().anyMatch(v -> v.rule() == Violation.Rule.PREFIX));
        assertTrue(r.report(5).contains("--seed 3"));
    }

    /** Same for a core that swaps two deliveries on one node. */
    @Test
    public void aCoreThatReordersFailsTheRun() {
        SimOptions o = new SimOptions().set("nodes", 3).set("duration", 2).set("start-spread", 0).seed(4);
        SimCore.Factory sequencer = PerfectSequencerCore.factory(3);
        SimCore.Factory swapping = (nodeId, p, store, out, random) -> sequencer.create(nodeId, p, store,
                nodeId == 3 ? swapAt(out, 20) : out, random);
        SimulationResult r = SimulationRunner.run(o, swapping);
        assertTrue(r.report(5), r.violations.stream().anyMatch(v -> v.rule() == Violation.Rule.ORDER));
    }

    @Test
    public void anExceptionOutOfTheCoreFailsTheRunWithItsStackTrace() {
        SimOptions o = new SimOptions().set("nodes", 2).set("duration", 1).set("start-spread", 0).seed(1);
        SimCore.Factory sequencer = PerfectSequencerCore.factory(2);
        SimCore.Factory throwing = (nodeId, p, store, out, random) -> {
            SimCore inner = sequencer.create(nodeId, p, store, out, random);
            return new Delegating(inner) {
                @Override
                public boolean send(ByteBuffer payload) {
                    throw new IllegalStateException("boom");
                }
            };
        };
        SimulationResult r = SimulationRunner.run(o, throwing);
        assertTrue(r.report(5), r.violations.stream().anyMatch(v -> v.rule() == Violation.Rule.CORE_EXCEPTION
                && v.detail().contains("boom")));
    }

    /** Re-arming a timer replaces it; cancelling stops it; a crash drops the timers of the dead core. */
    @Test
    public void timersRearmAndCancelInVirtualTime() {
        List<String> fired = new ArrayList<>();
        SimOptions o = new SimOptions().set("nodes", 1).set("duration", 1).set("rate", 0).set("start-spread", 0);
        SimCore.Factory timerCore = (nodeId, p, store, out, random) -> new Delegating(
                PerfectSequencerCore.factory(1).create(nodeId, p, store, out, random)) {
            private long startedAt = -1;

            @Override
            public void start() {
                super.start();
                out.setTimer(TotemTimer.TOKEN, 100);
                out.setTimer(TotemTimer.TOKEN, 300); // replaces the 100 ms one
                out.setTimer(TotemTimer.JOIN, 50);
                out.cancelTimer(TotemTimer.JOIN);
                out.setTimer(TotemTimer.CONSENSUS, 200);
            }

            @Override
            public void timerExpired(TotemTimer timer) {
                fired.add(timer.name());
            }
        };
        SimulationResult r = SimulationRunner.run(o, timerCore);
        assertTrue(r.report(5), r.passed());
        assertEquals(List.of("CONSENSUS", "TOKEN"), fired);
    }

    private static TotemOutput skipNth(TotemOutput out, int n) {
        return new ForwardingOutput(out) {
            private int count;

            @Override
            public void deliver(int sender, ByteBuffer payload) {
                if (++count != n) {
                    super.deliver(sender, payload);
                }
            }
        };
    }

    private static TotemOutput swapAt(TotemOutput out, int n) {
        return new ForwardingOutput(out) {
            private int count;
            private int heldSender;
            private ByteBuffer held;

            @Override
            public void deliver(int sender, ByteBuffer payload) {
                if (++count == n) {
                    heldSender = sender;
                    held = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
                    return;
                }
                super.deliver(sender, payload);
                if (held != null) {
                    super.deliver(heldSender, held);
                    held = null;
                }
            }
        };
    }

    private static class ForwardingOutput implements TotemOutput {
        private final TotemOutput out;

        ForwardingOutput(TotemOutput out) {
            this.out = out;
        }

        @Override
        public void unicast(int nodeId, ByteBuffer packet) {
            out.unicast(nodeId, packet);
        }

        @Override
        public void multicast(ByteBuffer packet) {
            out.multicast(packet);
        }

        @Override
        public void setTimer(TotemTimer timer, long delayMillis) {
            out.setTimer(timer, delayMillis);
        }

        @Override
        public void cancelTimer(TotemTimer timer) {
            out.cancelTimer(timer);
        }

        @Override
        public void deliver(int senderNodeId, ByteBuffer payload) {
            out.deliver(senderNodeId, payload);
        }

        @Override
        public void configurationChange(ConfigurationChange change) {
            out.configurationChange(change);
        }
    }

    private static class Delegating implements SimCore {
        private final SimCore inner;

        Delegating(SimCore inner) {
            this.inner = inner;
        }

        @Override
        public void start() {
            inner.start();
        }

        @Override
        public void receive(ByteBuffer packet) {
            inner.receive(packet);
        }

        @Override
        public void timerExpired(TotemTimer timer) {
            inner.timerExpired(timer);
        }

        @Override
        public boolean send(ByteBuffer payload) {
            return inner.send(payload);
        }

        @Override
        public void acknowledgeTransition() {
            inner.acknowledgeTransition();
        }

        @Override
        public void leave() {
            inner.leave();
        }

        @Override
        public TotemState state() {
            return inner.state();
        }

        @Override
        public RingId ringId() {
            return inner.ringId();
        }

        @Override
        public int[] members() {
            return inner.members();
        }

        @Override
        public String counters() {
            return inner.counters();
        }
    }

    @Test
    public void payloadsNameTheirMessageAndDetectCorruption() {
        MessageId id = new MessageId(7, 2, 99);
        byte[] bytes = Payloads.encode(id, 300);
        assertEquals(300, bytes.length);
        assertEquals(id, Payloads.idOf(ByteBuffer.wrap(bytes)));
        assertTrue(Payloads.intact(ByteBuffer.wrap(bytes), id));
        bytes[200] ^= 1;
        assertFalse(Payloads.intact(ByteBuffer.wrap(bytes), id));
        assertFalse(Payloads.intact(ByteBuffer.wrap(bytes, 0, 299), id));
    }
}
