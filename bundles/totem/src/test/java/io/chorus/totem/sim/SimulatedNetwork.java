package io.chorus.totem.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A datagram network between nodes 1..n. Each packet to another node is lost with probability
 * {@code loss}, duplicated with probability {@code dup}, and arrives after latency + uniform jitter, so
 * packets overtake each other. Nodes in different partition groups cannot reach each other (checked when
 * the packet is sent). A node's packets to itself take the local path: never lost, never duplicated.
 * Arrival at a node that crashed or restarted since the packet was sent is dropped by the node itself.
 */
final class SimulatedNetwork {

    interface Receiver {
        /** The incarnations are those of sender and destination when the packet left. */
        void arrive(int from, int fromIncarnation, int to, int toIncarnation, byte[] packet);
    }

    private final EventQueue events;
    private final SplittableRandom random;
    private final Receiver receiver;
    private final long latency;
    private final long jitter;
    private double loss;
    private double dup;
    private int[] groupOf;

    long packetsSent;
    long packetsLost;
    long packetsBlocked;
    long packetsDuplicated;

    SimulatedNetwork(EventQueue events, SplittableRandom random, SimOptions options, Receiver receiver) {
        this.events = events;
        this.random = random;
        this.receiver = receiver;
        this.latency = Math.max(1, FaultPlan.millis(options.latency));
        this.jitter = FaultPlan.millis(options.jitter);
        this.groupOf = new int[options.nodes];
    }

    void setFaults(double loss, double dup) {
        this.loss = loss;
        this.dup = dup;
    }

    void partition(int[] groupOfIndex) {
        groupOf = groupOfIndex.clone();
    }

    void heal() {
        Arrays.fill(groupOf, 0);
    }

    boolean reachable(int from, int to) {
        return groupOf[from - 1] == groupOf[to - 1];
    }

    boolean isPartitioned() {
        return Arrays.stream(groupOf).anyMatch(g -> g != 0);
    }

    void send(int from, int fromIncarnation, int to, int toIncarnation, byte[] packet) {
        packetsSent++;
        if (from == to) {
            // The local path (udpu to self / loopback): in order and reliable, but still a separate event,
            // never a call back into the core that is sending.
            events.after(1, () -> receiver.arrive(from, fromIncarnation, to, toIncarnation, packet));
            return;
        }
        if (!reachable(from, to)) {
            packetsBlocked++;
            return;
        }
        if (loss > 0 && random.nextDouble() < loss) {
            packetsLost++;
            return;
        }
        events.after(delay(), () -> receiver.arrive(from, fromIncarnation, to, toIncarnation, packet));
        if (dup > 0 && random.nextDouble() < dup) {
            packetsDuplicated++;
            events.after(delay(), () -> receiver.arrive(from, fromIncarnation, to, toIncarnation, packet));
        }
    }

    private long delay() {
        return latency + (jitter > 0 ? random.nextLong(jitter + 1) : 0);
    }
}
