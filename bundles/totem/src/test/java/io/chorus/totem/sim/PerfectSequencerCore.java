package io.chorus.totem.sim;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.ConfigurationChange.Kind;
import io.chorus.totem.RingId;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * TEST DOUBLE, not a protocol: a fixed ring of nodes 1..n where node 1 numbers every message and
 * multicasts it, and everybody delivers in number order. It has no membership, no retransmission and no
 * fault tolerance (a message sent before node 1 is up is lost, so start all nodes at once); it exists to test the simulator's plumbing (clock, network, workload, history, checker
 * wiring) independently of the real core. Use it only on fault-free runs.
 */
final class PerfectSequencerCore implements SimCore {

    static final RingId RING = new RingId(1, 4);
    private static final byte TO_SEQUENCER = 0;
    private static final byte ORDERED = 1;

    private final int nodeId;
    private final int[] everyone;
    private final TotemOutput out;
    private final TreeMap<Integer, byte[]> holdBack = new TreeMap<>();
    private int nextToNumber = 1;
    private int nextToDeliver = 1;

    PerfectSequencerCore(int nodeId, int nodes, TotemOutput out) {
        this.nodeId = nodeId;
        this.everyone = new int[nodes];
        Arrays.setAll(everyone, i -> i + 1);
        this.out = out;
    }

    static Factory factory(int nodes) {
        return (nodeId, parameters, store, output, random) -> new PerfectSequencerCore(nodeId, nodes, output);
    }

    @Override
    public void start() {
        int[] others = Arrays.stream(everyone).filter(n -> n != nodeId).toArray();
        out.configurationChange(new ConfigurationChange(Kind.TRANSITIONAL, RING, new int[] {nodeId}, new int[0], new int[0]));
        out.configurationChange(new ConfigurationChange(Kind.REGULAR, RING, everyone.clone(), new int[0], others));
    }

    @Override
    public boolean send(ByteBuffer payload) {
        ByteBuffer packet = ByteBuffer.allocate(9 + payload.remaining());
        packet.put(TO_SEQUENCER).putInt(nodeId).putInt(0).put(payload.duplicate()).flip();
        out.unicast(1, packet);
        return true;
    }

    @Override
    public void receive(ByteBuffer packet) {
        byte type = packet.get(0);
        if (type == TO_SEQUENCER) {
            packet.put(0, ORDERED).putInt(5, nextToNumber++);
            out.multicast(packet);
            return;
        }
        byte[] copy = new byte[packet.remaining()];
        packet.get(copy);
        holdBack.put(ByteBuffer.wrap(copy).getInt(5), copy);
        while (holdBack.containsKey(nextToDeliver)) {
            ByteBuffer message = ByteBuffer.wrap(holdBack.remove(nextToDeliver++));
            int sender = message.getInt(1);
            out.deliver(sender, message.position(9).slice());
        }
    }

    @Override
    public void timerExpired(TotemTimer timer) {
    }

    @Override
    public void acknowledgeTransition() {
    }

    @Override
    public void leave() {
    }

    @Override
    public TotemState state() {
        return TotemState.OPERATIONAL;
    }

    @Override
    public RingId ringId() {
        return RING;
    }

    @Override
    public int[] members() {
        return everyone.clone();
    }

    @Override
    public String counters() {
        return "test double";
    }
}
