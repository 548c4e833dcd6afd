package io.chorus.totem.pg;

import static io.chorus.totem.pg.PgTestSupport.MAX_PAYLOAD;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.chorus.totem.pg.PgTestSupport.FakeSink;
import io.chorus.totem.pg.PgTestSupport.Received;
import io.chorus.totem.pg.PgTestSupport.Recorder;
import io.chorus.totem.pg.TotemPgCounters.Counter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * Three senders pack random messages (0..70000 bytes, split into random iovecs, to random groups, with token
 * visits at random moments); their packets are delivered to one receiver interleaved at random but each
 * sender's in order, as the SRP would. The receiver must reassemble exactly the inputs, per sender, in order.
 */
public class TotemPgRoundTripPropertyTest {

    private static final int SENDERS = 3;
    private static final TotemPgGroup[] GROUPS = {TotemPgGroup.A, TotemPgGroup.SYNC, TotemPgGroup.of("x")};

    @Test
    public void randomTrafficReassemblesExactly() {
        for (long seed = 1; seed <= 25; seed++) {
            try {
                run(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        List<List<Received>> sent = new ArrayList<>();
        List<List<byte[]>> packets = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            FakeSink sink = new FakeSink();
            TotemPg pg = new TotemPg(MAX_PAYLOAD, sink);
            List<Received> messages = new ArrayList<>();
            int n = 30 + random.nextInt(60);
            for (int m = 0; m < n; m++) {
                int size = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(70001);
                    case 1 -> random.nextInt(3000);
                    default -> random.nextInt(200);
                };
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                TotemPgGroup group = GROUPS[random.nextInt(GROUPS.length)];
                assertEquals(McastResult.OK, pg.mcast(group, split(bytes, random)));
                messages.add(new Received(s + 1, group.name(), bytes));
                if (random.nextInt(3) == 0) {
                    pg.tokenReceived();
                }
            }
            pg.tokenReceived();
            sent.add(messages);
            packets.add(sink.packets);
        }

        TotemPg receiver = new TotemPg(MAX_PAYLOAD, new FakeSink());
        Recorder recorder = new Recorder();
        for (TotemPgGroup g : GROUPS) {
            receiver.join(g, recorder);
        }
        int[] next = new int[SENDERS];
        int remaining = packets.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            int s = random.nextInt(SENDERS);
            if (next[s] == packets.get(s).size()) {
                continue;
            }
            byte[] p = packets.get(s).get(next[s]++);
            receiver.deliver(s + 1, ByteBuffer.wrap(p));
            remaining--;
        }

        for (int s = 0; s < SENDERS; s++) {
            int sender = s + 1;
            List<Received> got = recorder.messages.stream().filter(r -> r.sender() == sender).toList();
            List<Received> expected = sent.get(s);
            assertEquals("sender " + sender + " message count", expected.size(), got.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals("sender " + sender + " message " + i + " group", expected.get(i).group(),
                        got.get(i).group());
                assertArrayEquals("sender " + sender + " message " + i, expected.get(i).bytes(), got.get(i).bytes());
            }
        }
        TotemPgCounters c = receiver.counters();
        assertEquals(0, c.get(Counter.PACKETS_MALFORMED) + c.get(Counter.BROKEN_CHAINS)
                + c.get(Counter.MESSAGES_MALFORMED) + c.get(Counter.MESSAGES_UNROUTED));
    }

    /** Cuts a message into 1..4 iovec pieces (some possibly empty). */
    private static ByteBuffer[] split(byte[] bytes, Random random) {
        int pieces = 1 + random.nextInt(4);
        ByteBuffer[] iov = new ByteBuffer[pieces];
        int from = 0;
        for (int i = 0; i < pieces; i++) {
            int to = i == pieces - 1 ? bytes.length : from + random.nextInt(bytes.length - from + 1);
            iov[i] = ByteBuffer.wrap(bytes, from, to - from);
            from = to;
        }
        return iov;
    }
}
