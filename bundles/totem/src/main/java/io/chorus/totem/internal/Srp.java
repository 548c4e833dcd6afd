package io.chorus.totem.internal;

import io.chorus.totem.RingId;
import io.chorus.totem.RingIdStore;
import io.chorus.totem.TotemCounters;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemParameters;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/** Work in progress: the SRP state machine is being written in this session. */
public final class Srp {
    private final int nodeId;
    private final TotemCounters counters = new TotemCounters();

    public Srp(int nodeId, TotemParameters parameters, RingIdStore store, TotemOutput output, RandomGenerator random) {
        this.nodeId = nodeId;
    }

    public void start() { throw new UnsupportedOperationException("not yet"); }
    public void receive(ByteBuffer packet) { throw new UnsupportedOperationException("not yet"); }
    public void timerExpired(TotemTimer timer) { throw new UnsupportedOperationException("not yet"); }
    public boolean send(ByteBuffer payload) { throw new UnsupportedOperationException("not yet"); }
    public int sendQueueFree() { return 0; }
    public void leave() { throw new UnsupportedOperationException("not yet"); }
    public void updateParameters(TotemParameters parameters) { }
    public int nodeId() { return nodeId; }
    public TotemState state() { return TotemState.GATHER; }
    public RingId ringId() { return new RingId(nodeId, 0); }
    public int[] members() { return new int[] {nodeId}; }
    public TotemCounters counters() { return counters; }
}
