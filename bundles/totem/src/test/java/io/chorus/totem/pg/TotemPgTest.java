package io.chorus.totem.pg;

import static io.chorus.totem.pg.PgTestSupport.MAX_PAYLOAD;
import static io.chorus.totem.pg.PgTestSupport.pattern;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingId;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.pg.PgTestSupport.FakeSink;
import io.chorus.totem.pg.PgTestSupport.Recorder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class TotemPgTest {

    /** The transport side of a driver: records what the wrapper forwards. */
    private static final class Transport implements io.chorus.totem.TotemDriver {
        final List<String> calls = new ArrayList<>();
        /** Multicast through totempg from the token upcall, as the executive's token listeners do. */
        Runnable onToken = () -> { };
        /** How many changes the groups had seen when the driver heard of one. */
        java.util.function.IntSupplier groupChanges = () -> -1;

        @Override
        public void unicast(int nodeId, ByteBuffer packet) {
            calls.add("unicast " + nodeId);
        }

        @Override
        public void multicast(ByteBuffer packet) {
            calls.add("multicast");
        }

        @Override
        public void setTimer(TotemTimer timer, long delayMillis) {
            calls.add("set " + timer);
        }

        @Override
        public void cancelTimer(TotemTimer timer) {
            calls.add("cancel " + timer);
        }

        @Override
        public void tokenReceived() {
            calls.add("token");
            onToken.run();
        }

        @Override
        public void configurationChange(ConfigurationChange change) {
            calls.add("change " + change.kind() + " after the groups saw " + groupChanges.getAsInt());
        }
    }

    private static ConfigurationChange change(ConfigurationChange.Kind kind, int[] members, int[] left) {
        return new ConfigurationChange(kind, new RingId(1, 8), members, left, new int[0]);
    }

    @Test
    public void wrappedOutputChainsTheUpcallsThroughTotemPg() {
        FakeSink sink = new FakeSink();
        TotemPg pg = new TotemPg(MAX_PAYLOAD, sink);
        Recorder executive = new Recorder();
        Recorder syncEngine = new Recorder();
        pg.join(TotemPgGroup.A, executive);
        pg.join(TotemPgGroup.SYNC, syncEngine);
        Transport transport = new Transport();
        TotemOutput out = pg.wrap(transport);

        assertEquals(McastResult.OK, pg.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(40, 1))));
        assertEquals(McastResult.OK, pg.mcast(TotemPgGroup.SYNC, ByteBuffer.wrap(pattern(32, 2))));
        assertTrue(pg.hasPending());
        // What the driver's token upcall sends leaves with this token: the driver runs before totempg flushes.
        transport.onToken = () -> pg.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(24, 3)));
        out.tokenReceived();
        assertFalse(pg.hasPending());
        assertEquals(1, sink.packets.size());
        assertEquals(List.of("token"), transport.calls);
        transport.onToken = () -> { };

        out.deliver(3, ByteBuffer.wrap(sink.packets.get(0)));
        assertArrayEquals(pattern(40, 1), executive.messages.get(0).bytes());
        assertArrayEquals(pattern(32, 2), syncEngine.messages.get(0).bytes());
        assertArrayEquals(pattern(24, 3), executive.messages.get(1).bytes());

        out.multicast(ByteBuffer.allocate(1));
        out.unicast(2, ByteBuffer.allocate(1));
        out.setTimer(TotemTimer.TOKEN, 10);
        out.cancelTimer(TotemTimer.TOKEN);
        assertEquals(List.of("token", "multicast", "unicast 2", "set TOKEN", "cancel TOKEN"), transport.calls);

        ConfigurationChange regular = change(ConfigurationChange.Kind.REGULAR, new int[] {1, 3}, new int[0]);
        transport.groupChanges = () -> executive.changes.size();
        out.configurationChange(regular);
        assertEquals(List.of(regular), executive.changes);
        assertEquals("totempg's groups first, then the driver", "change REGULAR after the groups saw 1",
                transport.calls.get(transport.calls.size() - 1));
    }

    @Test
    public void configurationChangesReachEachListenerOnceAndFreeLeavers() {
        TotemPg pg = new TotemPg(MAX_PAYLOAD, new FakeSink());
        Recorder both = new Recorder();
        Recorder other = new Recorder();
        pg.join(TotemPgGroup.A, both);
        pg.join(TotemPgGroup.SYNC, both);
        pg.join(TotemPgGroup.of("custom"), other);
        byte[] whole = PgTestSupport.groupA(pattern(3000, 1));
        pg.deliver(4, ByteBuffer.wrap(PgTestSupport.packet(1, 0, PgTestSupport.slice(whole, 0, 1400))));
        assertTrue(pg.assembler().holds(4));

        ConfigurationChange trans = change(ConfigurationChange.Kind.TRANSITIONAL, new int[] {1, 2}, new int[] {4});
        pg.configurationChange(trans);
        assertFalse(pg.assembler().holds(4));
        assertEquals(List.of(trans), both.changes);
        assertEquals(List.of(trans), other.changes);
    }

    @Test
    public void admissionBeforeAttachIsTryAgainAndTooLargeIsTooLarge() {
        TotemPg pg = new TotemPg(MAX_PAYLOAD);
        assertEquals(McastResult.TRY_AGAIN, pg.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(10, 1))));
        assertFalse(pg.canMcast(TotemPgGroup.A, 10));
        FakeSink sink = new FakeSink();
        sink.free = 2;
        pg.attach(sink);
        assertTrue(pg.canMcast(TotemPgGroup.A, 2795)); // 2800 bytes: exactly two packets
        assertFalse(pg.canMcast(TotemPgGroup.A, 2796));
        assertEquals(2, pg.packetsNeeded(TotemPgGroup.A, 2795));
        assertEquals(McastResult.TOO_LARGE,
                pg.mcast(TotemPgGroup.A, ByteBuffer.allocate(TotemPg.MAX_MESSAGE_SIZE), ByteBuffer.allocate(1)));
        assertEquals(McastResult.TRY_AGAIN, pg.mcast(TotemPgGroup.A, ByteBuffer.allocate(2796)));
        assertEquals(McastResult.OK, pg.mcast(TotemPgGroup.A, ByteBuffer.allocate(2795)));
        assertEquals(2, sink.packets.size());
    }

    @Test
    public void aListenerMayMulticastWhileBeingDelivered() {
        FakeSink sink = new FakeSink();
        TotemPg pg = new TotemPg(MAX_PAYLOAD, sink);
        pg.join(TotemPgGroup.A, (sender, group, message) -> {
            if (message.remaining() == 3) {
                pg.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(5, 5)));
            }
        });
        pg.mcast(TotemPgGroup.A, ByteBuffer.wrap(pattern(3, 3)));
        pg.tokenReceived();
        pg.deliver(1, ByteBuffer.wrap(sink.packets.get(0)));
        pg.tokenReceived();
        assertEquals(2, sink.packets.size());
    }
}
