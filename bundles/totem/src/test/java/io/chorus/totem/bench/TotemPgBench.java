package io.chorus.totem.bench;

import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.PacketSink;
import io.chorus.totem.pg.TotemPg;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * totempg packing and unpacking, per message. Run with {@code -prof gc} and read {@code gc.alloc.rate.norm}:
 * the steady state should allocate 0 bytes per message (the packet copies a real core makes are not here:
 * the sink below consumes packets in place).
 *
 * <pre>flock /tmp/chorus-mvn.lock mvn -B -q -Pbench -pl bundles/totem test-compile exec:exec -Dbench.args="TotemPgBench -prof gc"</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TotemPgBench {

    /** Application bytes per message: a small exec message, one that fills most of a packet, a fragmented one. */
    @Param({"64", "1000", "20000"})
    public int size;

    private TotemPg sender;
    private TotemPg receiver;
    private ByteBuffer message;
    private Blackhole blackhole;

    /** Packets handed to the sink, replayed into the receiver by {@link #roundTrip}; reused buffers. */
    private final List<byte[]> packets = new ArrayList<>();
    private final List<ByteBuffer> packetViews = new ArrayList<>();
    private int packetCount;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        blackhole = bh;
        message = ByteBuffer.allocate(size);
        sender = new TotemPg(1410, new PacketSink() {
            @Override
            public boolean send(ByteBuffer packet) {
                // a core copies the packet into its queue; so do we, into a reused slot
                if (packetCount == packets.size()) {
                    byte[] slot = new byte[1410];
                    packets.add(slot);
                    packetViews.add(ByteBuffer.wrap(slot));
                }
                int n = packet.remaining();
                packet.get(packet.position(), packets.get(packetCount), 0, n);
                packetViews.get(packetCount).clear().limit(n);
                packetCount++;
                return true;
            }

            @Override
            public int free() {
                return Integer.MAX_VALUE;
            }
        });
        receiver = new TotemPg(1410);
        TotemPgListener sinkListener = (sender, group, msg) -> blackhole.consume(msg.remaining());
        receiver.join(TotemPgGroup.A, sinkListener);
    }

    /** Pack one message (the token flushes every 8 messages, as under steady load). */
    @Benchmark
    public McastResult pack() {
        McastResult r = sender.mcast(TotemPgGroup.A, message);
        if ((++calls & 7) == 0) {
            sender.tokenReceived();
            packetCount = 0;
        }
        return r;
    }

    private int calls;

    /** Pack one message, flush, and unpack/route it at the receiver. */
    @Benchmark
    public void roundTrip() {
        sender.mcast(TotemPgGroup.A, message);
        sender.tokenReceived();
        for (int i = 0; i < packetCount; i++) {
            receiver.deliver(2, packetViews.get(i));
        }
        packetCount = 0;
    }
}
