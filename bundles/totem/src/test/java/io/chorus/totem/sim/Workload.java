package io.chorus.totem.sim;

import java.util.SplittableRandom;

/**
 * Application traffic: every node sends at {@code rate} messages per virtual second (Poisson arrivals),
 * payload sizes mostly small, one in ten up to the maximum, so packing and MTU edges both get exercised.
 * A node that is down simply skips its turn.
 */
final class Workload {

    private final EventQueue events;
    private final SimulatedNode[] nodes;
    private final SplittableRandom random;
    private final double meanGapMicros;
    private final int maxPayload;
    private boolean running;

    Workload(EventQueue events, SimulatedNode[] nodes, SplittableRandom random, double rate, int maxPayload) {
        this.events = events;
        this.nodes = nodes;
        this.random = random;
        this.meanGapMicros = rate > 0 ? 1e6 / rate : 0;
        this.maxPayload = Math.max(Payloads.HEADER, maxPayload);
    }

    void start() {
        if (meanGapMicros <= 0) {
            return;
        }
        running = true;
        for (SimulatedNode node : nodes) {
            scheduleNext(node);
        }
    }

    void stop() {
        running = false;
    }

    private void scheduleNext(SimulatedNode node) {
        long gap = 1 + (long) (-Math.log(1 - random.nextDouble()) * meanGapMicros);
        events.after(gap, () -> {
            if (!running) {
                return;
            }
            if (node.isUp()) {
                node.sendApplicationMessage(size());
            }
            scheduleNext(node);
        });
    }

    int size() {
        if (random.nextInt(10) == 0) {
            return Payloads.HEADER + random.nextInt(maxPayload - Payloads.HEADER + 1);
        }
        return Payloads.HEADER + random.nextInt(Math.min(200, maxPayload - Payloads.HEADER) + 1);
    }
}
