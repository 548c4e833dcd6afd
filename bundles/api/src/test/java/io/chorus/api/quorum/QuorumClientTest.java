package io.chorus.api.quorum;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.RingView;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** A quorum NOTIFY's member list as the client library decodes it: a count a peer made up is refused. */
public class QuorumClientTest {

    /** Callbacks the test queues; requests are answered empty. */
    private static final class Scripted implements EngineConnection {
        final ArrayDeque<EngineCallback> callbacks = new ArrayDeque<>();

        @Override
        public ByteBuffer call(int fn, ByteBuffer body) {
            return LittleEndian.allocate(0);
        }

        @Override
        public EngineCallback poll(long timeoutMillis) {
            return callbacks.poll();
        }

        @Override
        public void pause(long millis) {
        }

        @Override
        public void close() {
        }
    }

    private final Scripted connection = new Scripted();
    private final List<int[]> notified = new ArrayList<>();
    private final QuorumClient client = QuorumClient.open(connection, (quorate, seq, members) -> notified.add(members));

    /** A NOTIFY: quorate, ring seq 8, then {@code count} as the member count and the {@code ids} that follow. */
    private void queueNotify(int count, int... ids) {
        ByteBuffer b = LittleEndian.allocate(16 + 4 * ids.length).putInt(1).putLong(8).putInt(count);
        for (int id : ids) {
            b.putInt(id);
        }
        connection.callbacks.add(new EngineCallback(QuorumProtocol.CB_NOTIFY, b.flip()));
    }

    /** MESSAGE_ERROR naming the refused count (not a short read found after allocating what it announced). */
    private void assertMessageError(String count) {
        ChorusException e = assertThrows(ChorusException.class, () -> client.dispatch(DispatchFlag.ALL));
        assertEquals(ChorusError.MESSAGE_ERROR, e.error());
        assertTrue(e.getMessage(), e.getMessage().contains("count " + count));
        assertEquals("nothing reached the callback", 0, notified.size());
    }

    @Test
    public void aWellFormedNotifyReachesTheCallback() throws Exception {
        queueNotify(2, 1, 2);
        assertEquals(1, client.dispatch(DispatchFlag.ALL));
        assertArrayEquals(new int[] {1, 2}, notified.get(0));
    }

    @Test
    public void aHugeMemberCountIsAMessageErrorNotAnAllocation() {
        queueNotify(1 << 30, 1, 2); // 4 GiB of ints announced, 8 bytes there
        assertMessageError("1073741824");
    }

    @Test
    public void aNegativeMemberCountIsAMessageError() {
        queueNotify(0xFFFFFFFF, 1);
        assertMessageError("4294967295");
    }

    @Test
    public void moreMembersThanARingHasIsAMessageError() {
        int[] ids = new int[RingView.MAX_MEMBERS + 1];
        queueNotify(ids.length, ids);
        assertMessageError("385");
    }

    @Test
    public void theDecoderRefusesAHugeCountBeforeAllocating() {
        ByteBuffer b = LittleEndian.allocate(8).putInt(1 << 30).putInt(5).flip();
        assertThrows(IllegalArgumentException.class, () -> QuorumProtocol.getNodeIds(b));
    }
}
