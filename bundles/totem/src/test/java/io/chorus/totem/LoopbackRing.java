package io.chorus.totem;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A small, fault-free, deterministic network of cores for rule-level tests: every packet arrives after
 * 1 ms of virtual time, in order; timers run on the same virtual clock. (The full fault-injecting
 * simulator lives in the sim package.)
 */
final class LoopbackRing {

    final Map<Integer, Node> nodes = new java.util.TreeMap<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long order;
    final TotemParameters parameters;

    LoopbackRing(TotemParameters parameters, int... nodeIds) {
        this(parameters, false, nodeIds);
    }

    /**
     * With {@code overTotemPg}, every node runs totempg above its core (as a real node does): {@link Node#mcast}
     * sends application messages and {@link Node#deliveries} records those of group {@link #GROUP}.
     */
    LoopbackRing(TotemParameters parameters, boolean overTotemPg, int... nodeIds) {
        this.parameters = parameters;
        for (int id : nodeIds) {
            nodes.put(id, new Node(id, overTotemPg));
        }
    }

    static final io.chorus.totem.pg.TotemPgGroup GROUP = io.chorus.totem.pg.TotemPgGroup.of("test");

    long now() {
        return now;
    }

    void startAll() {
        nodes.values().forEach(n -> n.core.start());
    }

    /** Runs events until {@code millis} of virtual time have passed. */
    void run(long millis) {
        long end = now + millis;
        while (!events.isEmpty() && events.peek().at <= end) {
            Event e = events.poll();
            now = e.at;
            e.action.run();
        }
        now = end;
    }

    private void schedule(long delay, Runnable action) {
        events.add(new Event(now + delay, order++, action));
    }

    /** A node; its output is the core's directly, or (over totempg) the driver of {@code pg.wrap}. */
    final class Node implements TotemOutput {
        final int id;
        final TotemCore core;
        final List<String> deliveries = new ArrayList<>();
        final List<ConfigurationChange> changes = new ArrayList<>();
        private final Map<TotemTimer, Long> timerGeneration = new EnumMap<>(TotemTimer.class);
        private long generation;
        boolean up = true;
        /** Acknowledge each transition at once, inside the REGULAR callback, as a node with no sync does. */
        boolean acknowledgeOnRegular;

        final io.chorus.totem.pg.TotemPg pg;

        Node(int id, boolean overTotemPg) {
            this.id = id;
            if (overTotemPg) {
                pg = new io.chorus.totem.pg.TotemPg(parameters.maxPayload());
                core = new TotemCore(id, parameters, RingIdStore.inMemory(), pg.wrap(this), new SplittableRandom(id));
                pg.attach(io.chorus.totem.pg.PacketSink.of(core));
                pg.join(GROUP, (sender, group, message) -> deliveries.add(sender + ":" + new String(copy(message))));
            } else {
                pg = null;
                core = new TotemCore(id, parameters, RingIdStore.inMemory(), this, new SplittableRandom(id));
            }
        }

        void mcast(String text) {
            if (pg.mcast(GROUP, ByteBuffer.wrap(text.getBytes())) != io.chorus.totem.pg.McastResult.OK) {
                throw new IllegalStateException("totempg refused");
            }
        }

        void send(String text) {
            if (!core.send(ByteBuffer.wrap(text.getBytes()))) {
                throw new IllegalStateException("queue full");
            }
        }

        @Override
        public void unicast(int nodeId, ByteBuffer packet) {
            if (!up) {
                return;
            }
            byte[] copy = copy(packet);
            Node target = nodes.get(nodeId);
            schedule(1, () -> {
                if (target.up) {
                    target.core.receive(ByteBuffer.wrap(copy));
                }
            });
        }

        @Override
        public void multicast(ByteBuffer packet) {
            if (!up) {
                return;
            }
            byte[] copy = copy(packet);
            for (Node target : nodes.values()) {
                schedule(1, () -> {
                    if (target.up) {
                        target.core.receive(ByteBuffer.wrap(copy));
                    }
                });
            }
        }

        @Override
        public void setTimer(TotemTimer timer, long delayMillis) {
            long mine = ++generation;
            timerGeneration.put(timer, mine);
            schedule(delayMillis, () -> {
                if (up && timerGeneration.get(timer) != null && timerGeneration.get(timer) == mine) {
                    timerGeneration.remove(timer);
                    core.timerExpired(timer);
                }
            });
        }

        @Override
        public void cancelTimer(TotemTimer timer) {
            timerGeneration.remove(timer);
        }

        @Override
        public void deliver(int senderNodeId, ByteBuffer payload) {
            deliveries.add(senderNodeId + ":" + new String(copy(payload)));
        }

        @Override
        public void configurationChange(ConfigurationChange change) {
            changes.add(change);
            if (acknowledgeOnRegular && change.isRegular()) {
                core.acknowledgeTransition();
            }
        }

        private byte[] copy(ByteBuffer packet) {
            byte[] bytes = new byte[packet.remaining()];
            packet.duplicate().get(bytes);
            return bytes;
        }
    }

    private record Event(long at, long order, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }
}
