package io.chorus.executive.memory;

import io.chorus.totem.TotemParameters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * A deterministic, in-memory network of Totem nodes on a virtual clock, for tests that run several nodes
 * of the executive in one JVM with no sockets. Every packet takes 1 ms; timers and
 * {@link MemoryRing#schedule scheduled tasks} run on the same clock; events at the same instant run in the
 * order they were scheduled. Faults: partitions (nodes in different groups cannot reach each other) and
 * crashes. Everything runs on the thread that calls {@link #run}, which is every node's event loop.
 */
public final class MemoryNetwork {

    private final TotemParameters parameters;
    private final Map<Integer, MemoryRing> nodes = new TreeMap<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Map<Integer, Integer> partitionOf = new HashMap<>();
    private final Thread owner = Thread.currentThread();
    private long now;
    private long order;

    public MemoryNetwork(TotemParameters parameters) {
        this.parameters = parameters;
    }

    /** Corosync's defaults for a few nodes (token 3 s: virtual time costs nothing). */
    public MemoryNetwork() {
        this(TotemParameters.corosyncDefaults(3));
    }

    public TotemParameters parameters() {
        return parameters;
    }

    /** A new node, not started (join groups on it, then {@link MemoryRing#start()}). */
    public MemoryRing addNode(int nodeId) {
        if (nodes.containsKey(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " exists");
        }
        MemoryRing ring = new MemoryRing(this, nodeId);
        nodes.put(nodeId, ring);
        return ring;
    }

    public MemoryRing node(int nodeId) {
        return nodes.get(nodeId);
    }

    public Collection<MemoryRing> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    public long now() {
        return now;
    }

    /** Splits the network: nodes of different groups cannot reach each other; unlisted nodes are alone. */
    public void partition(int[]... groups) {
        partitionOf.clear();
        for (int g = 0; g < groups.length; g++) {
            for (int id : groups[g]) {
                partitionOf.put(id, g);
            }
        }
    }

    public void heal() {
        partitionOf.clear();
    }

    boolean reachable(int from, int to) {
        if (partitionOf.isEmpty()) {
            return true;
        }
        Integer a = partitionOf.get(from);
        Integer b = partitionOf.get(to);
        return a != null && a.equals(b);
    }

    /** Runs events until {@code millis} of virtual time have passed. */
    public void run(long millis) {
        long end = now + millis;
        while (!events.isEmpty() && events.peek().at <= end) {
            step();
        }
        now = end;
    }

    /** Runs events until {@code condition} holds (checked after each event) or {@code maxMillis} pass. */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long end = now + maxMillis;
        while (!condition.getAsBoolean()) {
            if (events.isEmpty() || events.peek().at > end) {
                now = end;
                return condition.getAsBoolean();
            }
            step();
        }
        return true;
    }

    private void step() {
        Event e = events.poll();
        now = e.at;
        e.action.run();
    }

    boolean onOwnerThread() {
        return Thread.currentThread() == owner;
    }

    VirtualFuture schedule(long delayMillis, Runnable action) {
        VirtualFuture future = new VirtualFuture(this, now + Math.max(0, delayMillis));
        events.add(new Event(future.at(), order++, () -> future.runIfNotCancelled(action)));
        return future;
    }

    List<MemoryRing> reachableFrom(int nodeId) {
        List<MemoryRing> out = new ArrayList<>();
        for (MemoryRing n : nodes.values()) {
            if (reachable(nodeId, n.localNodeId())) {
                out.add(n);
            }
        }
        return out;
    }

    private record Event(long at, long order, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }
}
