package io.chorus.totem.sim;

import io.chorus.totem.RingId;
import io.chorus.totem.RingIdStore;
import io.chorus.totem.TotemCore;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemParameters;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * The part of {@link TotemCore} the simulator drives. It exists only so that the simulator's own plumbing
 * can be tested with a trivial test double ({@link PerfectSequencerCore}); the suites run the real core
 * through {@link #real()}.
 */
interface SimCore {

    void start();

    void receive(ByteBuffer packet);

    void timerExpired(TotemTimer timer);

    boolean send(ByteBuffer payload);

    /** The executive finished syncing after a configuration change. */
    void acknowledgeTransition();

    void leave();

    TotemState state();

    RingId ringId();

    int[] members();

    String counters();

    interface Factory {
        SimCore create(int nodeId, TotemParameters parameters, RingIdStore store, TotemOutput output,
                RandomGenerator random);
    }

    /** The production core. */
    static Factory real() {
        return (nodeId, parameters, store, output, random) -> {
            TotemCore core = new TotemCore(nodeId, parameters, store, output, random);
            return new SimCore() {
                @Override
                public void start() {
                    core.start();
                }

                @Override
                public void receive(ByteBuffer packet) {
                    core.receive(packet);
                }

                @Override
                public void timerExpired(TotemTimer timer) {
                    core.timerExpired(timer);
                }

                @Override
                public boolean send(ByteBuffer payload) {
                    return core.send(payload);
                }

                @Override
                public void acknowledgeTransition() {
                    core.acknowledgeTransition();
                }

                @Override
                public void leave() {
                    core.leave();
                }

                @Override
                public TotemState state() {
                    return core.state();
                }

                @Override
                public RingId ringId() {
                    return core.ringId();
                }

                @Override
                public int[] members() {
                    return core.members();
                }

                @Override
                public String counters() {
                    return core.counters().toString();
                }
            };
        };
    }
}
