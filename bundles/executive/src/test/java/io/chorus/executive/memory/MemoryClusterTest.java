package io.chorus.executive.memory;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ServiceStanza;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The fixture itself: nodes form one ring, settle means exactly the members, clients wait by running the ring. */
public class MemoryClusterTest {

    @Test
    public void startAllFormsOneRingOfExactlyTheMembersAfterEachNodesSetup() {
        List<String> setups = new ArrayList<>();
        MemoryCluster cluster = new MemoryCluster(node -> setups.add(node.id() + ":"
                + (node.executive().currentView() == null ? "no view" : "a view") + ":" + node.ring().isUp()));
        assertSame(cluster, cluster.startAll(1, 2, 3));

        assertEquals("setup runs once a node, before its ring starts", List.of("1:no view:false", "2:no view:false",
                "3:no view:false"), setups);
        assertEquals(Set.of(1, 2, 3), cluster.nodes().keySet());
        long ringSeq = cluster.node(1).executive().currentView().ringSeq();
        for (int id = 1; id <= 3; id++) {
            MemoryCluster.Node node = cluster.node(id);
            assertEquals(id, node.id());
            assertEquals(id, node.ring().localNodeId());
            RingView view = node.executive().currentView();
            assertFalse(view.transitional());
            assertArrayEquals(new int[] {1, 2, 3}, view.members());
            assertEquals("one ring", ringSeq, view.ringSeq());
            assertFalse(node.executive().syncInProgress());
        }
        assertTrue(cluster.settled(1, 2, 3));
        assertFalse("not exactly the members", cluster.settled(1, 2));
    }

    @Test
    public void aMemberThatWasNeverStartedDoesNotSettle() {
        MemoryCluster cluster = new MemoryCluster().startAll(1, 2);
        assertFalse(cluster.settled(1, 2, 3));
        assertFalse("no started node among the members", cluster.settled(3));
        long before = cluster.network().now();
        assertFalse(cluster.settle(1, 2, 3));
        assertEquals("settle ran its whole time", before + MemoryCluster.SETTLE_MILLIS, cluster.network().now());
        assertThrows(IllegalArgumentException.class, () -> cluster.node(3));
        assertThrows(IllegalArgumentException.class, () -> cluster.start(2));
    }

    @Test
    public void startAllThrowsWhenTheRingDoesNotForm() {
        MemoryCluster cluster = new MemoryCluster();
        cluster.network().partition(new int[] {1}, new int[] {2});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cluster.startAll(1, 2));
        assertTrue(e.getMessage(), e.getMessage().contains("[1, 2]"));
        assertTrue("each side formed its own", cluster.settled(1) && cluster.settled(2));
    }

    @Test
    public void theOthersSettleWithoutACrashedNode() {
        MemoryCluster cluster = new MemoryCluster().startAll(1, 2, 3);
        cluster.crash(3);
        assertFalse(cluster.node(3).ring().isUp());
        assertTrue(cluster.settle(1, 2));
        assertFalse(cluster.settled(1, 2, 3));
    }

    @Test
    public void clientsWaitByRunningTheRingAndTrackedHandlesAreDispatchedUntilClosed() throws Exception {
        MemoryCluster cluster = new MemoryCluster(node -> {
            node.executive().putStanza("relay", new ServiceStanza("relay", 0, Map.of(), "test", 0));
            node.executive().addEngine(new RelayEngine());
        }).startAll(1, 2);
        GatewayConnection sender = cluster.open(1, "relay");
        GatewayConnection receiver = cluster.open(2, "relay");
        List<String> received = new ArrayList<>();
        Object handle = cluster.track(new Object(), () -> {
            for (EngineCallback cb = receiver.poll(0); cb != null; cb = receiver.poll(0)) {
                received.add(text(cb.body()));
            }
        }, receiver::close);

        long before = cluster.network().now();
        assertEquals("answered once the ring delivered it", "hi", text(sender.call(0, utf8("hi"))));
        assertTrue("the waiter ran the network", cluster.network().now() > before);
        assertEquals("not dispatched yet", List.of(), received);
        cluster.deliverAll();
        assertEquals(List.of("hi"), received);

        cluster.close(handle);
        assertError(ChorusError.BAD_HANDLE, () -> receiver.poll(0));
        sender.call(0, utf8("again"));
        cluster.deliverAll(); // the closed handle is left alone: its poll would throw
        assertEquals(List.of("hi"), received);
        assertThrows(IllegalArgumentException.class, () -> cluster.close(handle));
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Multicasts each request; on delivery answers the sender's session (so a call waits for the ring) and hands
     * the message to every other local session as a callback.
     */
    private static final class RelayEngine implements ServiceEngine {
        private final Map<Long, ClientSession> sessions = new HashMap<>();
        private EngineContext context;

        @Override
        public EngineInfo info() {
            return new EngineInfo("relay", 41, 0, Set.of());
        }

        @Override
        public void start(EngineContext context) {
            this.context = context;
        }

        @Override
        public void stop() {
        }

        @Override
        public void sessionOpened(ClientSession session) {
            sessions.put(session.id(), session);
        }

        @Override
        public void sessionClosed(ClientSession session) {
            sessions.remove(session.id());
        }

        @Override
        public void request(ClientSession session, int fn, ByteBuffer body) {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(context.localNodeId()).putLong(session.id()).flip();
            context.multicast(fn, head, body);
        }

        @Override
        public void deliver(int fn, int senderNodeId, ByteBuffer body) {
            body.order(ByteOrder.LITTLE_ENDIAN);
            int node = body.getInt();
            long sender = body.getLong();
            ByteBuffer text = body.slice();
            for (ClientSession s : sessions.values()) {
                if (node == context.localNodeId() && s.id() == sender) {
                    ByteBuffer answer = ByteBuffer.allocate(ResponseStatus.SIZE + text.remaining());
                    answer.put(ResponseStatus.of(ChorusError.OK)).put(text.duplicate()).flip();
                    s.respond(fn, answer);
                } else {
                    s.dispatch(fn, text.duplicate());
                }
            }
        }
    }
}
