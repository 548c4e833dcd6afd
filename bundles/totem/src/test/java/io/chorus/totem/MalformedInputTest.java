package io.chorus.totem;

import static org.junit.Assert.assertEquals;

import io.chorus.totem.TotemCounters.Counter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

/** Garbage on the wire is counted and dropped, never thrown; the ring keeps working. */
public class MalformedInputTest {

    /** The shortest well-formed message of each type (ORF token, MCAST, merge detect, join, commit, hold cancel). */
    private static final int[] MINIMUM_SIZE = {57, 45, 29, 33, 41, 25};

    @Test
    public void everyMalformedPacketIsCountedAndTheRingStillDelivers() {
        LoopbackRing net = new LoopbackRing(TotemParameters.corosyncDefaults(2), 1, 2);
        net.startAll();
        net.run(2000);
        TotemCore core = net.nodes.get(2).core;
        SplittableRandom random = new SplittableRandom(42);
        long before = core.counters().get(Counter.PACKETS_MALFORMED);
        int sent = 0;
        for (int i = 0; i < 1000; i++, sent++) {
            // Random bytes with a wrong magic.
            byte[] junk = new byte[random.nextInt(0, 200)];
            random.nextBytes(junk);
            if (junk.length > 1) {
                junk[0] = 0x12;
            }
            core.receive(ByteBuffer.wrap(junk));
        }
        for (int i = 0; i < 1000; i++, sent++) {
            // A valid header whose body is shorter than its type needs.
            int type = random.nextInt(0, 6);
            byte[] truncated = new byte[random.nextInt(13, MINIMUM_SIZE[type])];
            random.nextBytes(truncated);
            truncated[0] = 0x70;
            truncated[1] = (byte) 0xC0;
            truncated[2] = 3;
            truncated[3] = (byte) type;
            core.receive(ByteBuffer.wrap(truncated));
        }
        assertEquals(sent, core.counters().get(Counter.PACKETS_MALFORMED) - before);
        net.nodes.get(1).send("still alive");
        net.run(1000);
        assertEquals(TotemState.OPERATIONAL, core.state());
        assertEquals(List.of("1:still alive"), net.nodes.get(2).deliveries);
    }
}
