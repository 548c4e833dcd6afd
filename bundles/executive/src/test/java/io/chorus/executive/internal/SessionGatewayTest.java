package io.chorus.executive.internal;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.totem.TotemParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** Clients reach engines through the gateway: open by name, request, answer with an error code, close. */
public class SessionGatewayTest {

    @Test
    public void aClientOpensAnEngineByNameOrAliasAndGetsItsAnswers() throws Exception {
        Node node = new Node();
        RecordingSink sink = new RecordingSink();
        ClientSession session = node.gateway.open("corosync_upper", new ClientCredentials(42, 0, 0), sink);
        assertEquals(42, session.pid());
        node.gateway.request(session, 3, ByteBuffer.wrap("hello".getBytes()));
        node.cluster.run(10);
        assertEquals(List.of("3:OK:HELLO"), sink.responses);
        node.gateway.close(session);
        node.cluster.run(10);
        assertEquals(1, node.engine.closedSessions);
        assertFalse(session.isOpen());
    }

    @Test
    public void openingAnEngineThatIsNotLoadedFailsWithNotExist() {
        Node node = new Node();
        assertError(ChorusError.NOT_EXIST,
                () -> node.gateway.open("ckpt", new ClientCredentials(1, 0, 0), new RecordingSink()));
    }

    @Test
    public void aRequestRefusedByAdmissionIsAnsweredWithTryAgain() throws Exception {
        Node node = new Node();
        RecordingSink sink = new RecordingSink();
        ClientSession session = node.gateway.open("upper", new ClientCredentials(7, 0, 0), sink);
        node.executive.primaryProvider(() -> false);
        node.gateway.request(session, 3, ByteBuffer.wrap("x".getBytes()));
        node.cluster.run(10);
        assertEquals(List.of("3:TRY_AGAIN:"), sink.responses);
        assertTrue(node.engine.requests.isEmpty());
    }

    @Test
    public void aPostedRequestRefusedForNowIsHeldWithWhatFollowsAndTakenInOrderLater() throws Exception {
        Node node = new Node();
        RecordingSink sink = new RecordingSink();
        ClientSession session = node.gateway.open("upper", new ClientCredentials(7, 0, 0), sink);
        node.executive.primaryProvider(() -> false);
        node.gateway.post(session, 3, ByteBuffer.wrap("a".getBytes()));
        node.gateway.request(session, 3, ByteBuffer.wrap("b".getBytes()));
        node.cluster.run(2000);
        assertEquals("no TRY_AGAIN for the posted request, nothing overtakes it", List.of(), sink.responses);
        assertEquals(2, node.gateway.heldRequests());

        node.executive.primaryProvider(() -> true);
        node.cluster.run(2000);
        assertEquals(List.of("3:OK:A", "3:OK:B"), sink.responses);
        assertEquals(List.of("a", "b"), node.engine.requests);
        assertEquals(0, node.gateway.heldRequests());
    }

    @Test
    public void anEnginesOwnTryAgainToAPostedRequestIsAbsorbedAndRetried() throws Exception {
        Node node = new Node();
        RecordingSink sink = new RecordingSink();
        ClientSession session = node.gateway.open("upper", new ClientCredentials(7, 0, 0), sink);
        node.engine.busy = true;
        node.gateway.post(session, 3, ByteBuffer.wrap("x".getBytes()));
        node.cluster.run(2000);
        assertEquals(List.of(), sink.responses);
        node.engine.busy = false;
        node.cluster.run(2000);
        assertEquals(List.of("3:OK:X"), sink.responses);

        node.engine.busy = true;
        node.gateway.request(session, 3, ByteBuffer.wrap("y".getBytes()));
        node.cluster.run(10);
        assertEquals("a plain request still hears TRY_AGAIN", List.of("3:OK:X", "3:TRY_AGAIN:"), sink.responses);
    }

    @Test
    public void heldRequestsOfAClosedSessionAreDropped() throws Exception {
        Node node = new Node();
        RecordingSink sink = new RecordingSink();
        ClientSession session = node.gateway.open("upper", new ClientCredentials(7, 0, 0), sink);
        node.executive.primaryProvider(() -> false);
        node.gateway.post(session, 3, ByteBuffer.wrap("gone".getBytes()));
        node.cluster.run(50);
        node.gateway.close(session);
        node.executive.primaryProvider(() -> true);
        node.cluster.run(2000);
        assertEquals(List.of(), node.engine.requests);
        assertEquals(List.of(), sink.responses);
        assertEquals(0, node.gateway.heldRequests());
    }

    /** A one-node ring whose executive runs one engine; execute() runs at once on the test thread. */
    private static final class Node {
        final MemoryCluster cluster = new MemoryCluster(TotemParameters.corosyncDefaults(1));
        final UpperEngine engine = new UpperEngine();
        final Executive executive;
        final SessionGateway gateway;

        Node() {
            executive = cluster.start(1, node -> {
                node.executive().putStanza("upper", new ServiceStanza("upper", 0, Map.of(), "test", 0));
                node.executive().addEngine(engine);
            }).executive();
            assertTrue("the one-node ring forms and syncs",
                    cluster.runUntil(() -> cluster.settled(1), 10_000));
            // The test thread is the memory ring's loop: the gateway runs calls at once instead of hopping.
            gateway = (SessionGateway) executive.clientGateway();
        }
    }

    /** Answers each request locally with the upper-cased body (no multicast: no sync, no queue involved). */
    private static final class UpperEngine implements ServiceEngine {
        final List<String> requests = new ArrayList<>();
        int closedSessions;
        /** Answers TRY_AGAIN itself (as an engine whose own multicast the ring refused). */
        boolean busy;

        @Override
        public EngineInfo info() {
            return new EngineInfo("upper", 40, 0, Set.of("corosync_upper"));
        }

        @Override
        public void start(EngineContext context) {
        }

        @Override
        public void stop() {
        }

        @Override
        public void deliver(int fn, int senderNodeId, ByteBuffer body) {
        }

        @Override
        public void sessionClosed(ClientSession session) {
            closedSessions++;
        }

        @Override
        public void request(ClientSession session, int fn, ByteBuffer body) {
            if (busy) {
                session.respond(fn, io.chorus.api.spi.ResponseStatus.of(ChorusError.TRY_AGAIN));
                return;
            }
            byte[] text = new byte[body.remaining()];
            body.duplicate().get(text);
            requests.add(new String(text));
            ByteBuffer answer = ByteBuffer.allocate(4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
            answer.putInt(ChorusError.OK.code()).put(new String(text).toUpperCase().getBytes()).flip();
            session.respond(fn, answer);
        }
    }

    private static final class RecordingSink implements ClientSink {
        final List<String> responses = new ArrayList<>();

        @Override
        public void respond(int fn, ByteBuffer response) {
            ByteBuffer r = response.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            ChorusError error = ChorusError.of(r.getInt());
            byte[] rest = new byte[r.remaining()];
            r.get(rest);
            responses.add(fn + ":" + error + ":" + new String(rest));
        }

        @Override
        public void dispatch(int fn, ByteBuffer callback) {
        }

        @Override
        public void closed() {
        }
    }
}
