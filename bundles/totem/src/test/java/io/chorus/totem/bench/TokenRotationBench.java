package io.chorus.totem.bench;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingIdStore;
import io.chorus.totem.TotemCore;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemParameters;
import io.chorus.totem.TotemState;
import io.chorus.totem.TotemTimer;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Token handling of a formed ring with a full window: per operation, every node queues {@code max_messages}
 * payloads and the token makes one rotation (one hop per node), with every multicast received and delivered
 * everywhere. Reported per token hop; {@code -prof gc} gives bytes allocated per hop, and dividing by the
 * messages per hop ({@code 17} by default) gives bytes per delivered message.
 *
 * <p>The in-memory network copies packets into preallocated slots, so what {@code -prof gc} counts is the
 * core's own allocation.
 *
 * <pre>
 * flock /tmp/chorus-mvn.lock mvn -B -q -Pbench -pl bundles/totem test-compile exec:exec \
 *     -Dbench.args="TokenRotationBench -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenRotationBench {

    private static final int NODES = 3;

    @Param({"64", "1024"})
    public int payloadSize;

    private Network network;
    private ByteBuffer payload;
    private int maxMessages;

    @Setup(Level.Trial)
    public void formRing() {
        TotemParameters parameters = TotemParameters.corosyncDefaults(NODES);
        maxMessages = parameters.maxMessages();
        network = new Network(parameters);
        network.startAll();
        network.formRing();
        for (int i = 1; i <= NODES; i++) {
            if (network.cores[i].state() != TotemState.OPERATIONAL) {
                throw new IllegalStateException("ring did not form: node " + i + " " + network.cores[i].state());
            }
        }
        payload = ByteBuffer.allocate(payloadSize);
    }

    /** One hop: the token visits one node, which sends a full share; all packets are processed. */
    @Benchmark
    @OperationsPerInvocation(NODES)
    public long rotation() {
        for (int i = 1; i <= NODES; i++) {
            for (int m = 0; m < maxMessages; m++) {
                payload.clear();
                network.cores[i].send(payload);
            }
        }
        network.drainRotation();
        return network.delivered;
    }

    /** A FIFO of packets in preallocated slots; timers are ignored (the ring never idles here). */
    static final class Network {
        private static final int SLOTS = 1 << 14;
        final TotemCore[] cores = new TotemCore[NODES + 1];
        private final ByteBuffer[] slots = new ByteBuffer[SLOTS];
        private final int[] targets = new int[SLOTS];
        private int head;
        private int tail;
        long delivered;
        private long tokenHops;
        /** Virtual time, only used while the ring forms; the measured rotations never wait for a timer. */
        private long now = 1;
        private final long[][] timerDue = new long[NODES + 1][TotemTimer.values().length];

        Network(TotemParameters parameters) {
            for (int i = 0; i < SLOTS; i++) {
                slots[i] = ByteBuffer.allocate(Math.max(parameters.netMtu(), 1500));
            }
            for (int id = 1; id <= NODES; id++) {
                int self = id;
                cores[id] = new TotemCore(id, parameters, RingIdStore.inMemory(), new TotemOutput() {
                    @Override
                    public void unicast(int nodeId, ByteBuffer packet) {
                        enqueue(nodeId, packet);
                        tokenHops++;
                    }

                    @Override
                    public void multicast(ByteBuffer packet) {
                        for (int target = 1; target <= NODES; target++) {
                            enqueue(target, packet);
                        }
                    }

                    @Override
                    public void setTimer(TotemTimer timer, long delayMillis) {
                        timerDue[self][timer.ordinal()] = now + delayMillis;
                    }

                    @Override
                    public void cancelTimer(TotemTimer timer) {
                        timerDue[self][timer.ordinal()] = 0;
                    }

                    @Override
                    public void deliver(int senderNodeId, ByteBuffer message) {
                        delivered++;
                    }

                    @Override
                    public void configurationChange(ConfigurationChange change) {
                    }
                }, new SplittableRandom(self));
            }
        }

        void startAll() {
            for (int id = 1; id <= NODES; id++) {
                cores[id].start();
            }
        }

        private void enqueue(int target, ByteBuffer packet) {
            if (tail - head == SLOTS) {
                throw new IllegalStateException("network queue overflow");
            }
            ByteBuffer slot = slots[tail & (SLOTS - 1)];
            slot.clear();
            slot.put(packet.duplicate()).flip();
            targets[tail & (SLOTS - 1)] = target;
            tail++;
        }

        /** Processes packets; when none are left, fires the earliest timer, until the ring is formed. */
        void formRing() {
            for (int round = 0; round < 10_000; round++) {
                drain(1_000_000);
                boolean formed = true;
                for (int id = 1; id <= NODES; id++) {
                    formed &= cores[id].state() == TotemState.OPERATIONAL && cores[id].members().length == NODES;
                }
                if (formed) {
                    return;
                }
                int node = 0;
                int timer = 0;
                long earliest = Long.MAX_VALUE;
                for (int id = 1; id <= NODES; id++) {
                    for (int t = 0; t < timerDue[id].length; t++) {
                        if (timerDue[id][t] != 0 && timerDue[id][t] < earliest) {
                            earliest = timerDue[id][t];
                            node = id;
                            timer = t;
                        }
                    }
                }
                if (node == 0) {
                    return;
                }
                now = earliest;
                timerDue[node][timer] = 0;
                cores[node].timerExpired(TotemTimer.values()[timer]);
            }
        }

        void drain(int maxPackets) {
            for (int n = 0; n < maxPackets && head != tail; n++) {
                int index = head & (SLOTS - 1);
                head++;
                cores[targets[index]].receive(slots[index]);
            }
        }

        /** Processes packets until the token has made NODES more hops. */
        void drainRotation() {
            long until = tokenHops + NODES;
            while (tokenHops < until && head != tail) {
                int index = head & (SLOTS - 1);
                head++;
                cores[targets[index]].receive(slots[index]);
            }
        }
    }
}
