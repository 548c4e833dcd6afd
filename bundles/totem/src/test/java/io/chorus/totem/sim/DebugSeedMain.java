package io.chorus.totem.sim;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingId;
import io.chorus.totem.TotemCore;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Temporary: prints the core's state whenever a core in RECOVERY handles a token, every Nth time. */
public final class DebugSeedMain {
    public static void main(String[] args) {
        SimOptions options = new SimOptions();
        options.parse(args);
        List<TotemCore> cores = new ArrayList<>();
        long[] tokens = new long[64];
        SimulationResult r = SimulationRunner.run(options, (nodeId, parameters, store, output, random) -> {
            TotemCore core = new TotemCore(nodeId, parameters, store, output, random);
            cores.add(core);
            return new SimCore() {
                public void start() { core.start(); }
                public void receive(ByteBuffer packet) {
                    TotemState before = core.state();
                    core.receive(packet);
                    if (before != core.state()) {
                        System.out.println("-> " + core.describe());
                    } else if (before == TotemState.RECOVERY && packet.get(3) == 0) {
                        if (tokens[nodeId]++ % 20 == 0) {
                            System.out.println("R  " + core.describe());
                        }
                    }
                }
                public void timerExpired(TotemTimer timer) {
                    if (timer == TotemTimer.TOKEN) {
                        System.out.println("TOKEN LOSS at " + core.describe());
                    }
                    TotemState before = core.state();
                    core.timerExpired(timer);
                    if (before != core.state()) {
                        System.out.println("-> (" + timer + ") " + core.describe());
                    }
                }
                public boolean send(ByteBuffer payload) { return core.send(payload); }
                public void acknowledgeTransition() { core.acknowledgeTransition(); }
                public void leave() { core.leave(); }
                public TotemState state() { return core.state(); }
                public RingId ringId() { return core.ringId(); }
                public int[] members() { return core.members(); }
                public String counters() { return core.describe() + " " + core.counters(); }
            };
        });
        System.out.println(r.report(20));
    }
}
