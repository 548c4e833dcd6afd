package io.chorus.executive.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.totem.TotemParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/**
 * {@link EngineContext#multicastWhenAdmitted}: a message the ring refuses for now is kept by the executive and
 * sent at a later token, in order with the others kept; nothing is kept for an unloaded engine.
 */
public class KeptMulticastTest {

    @Test
    public void aMessageTheRingTakesNowIsDeliveredAtOnce() {
        Node node = new Node();
        node.send("now");
        assertEquals("taken at once, nothing kept", 0, node.context().keptMessages());
        node.cluster.run(2000);
        assertEquals(List.of("now"), node.engine.delivered);
        assertEquals(0, node.context().keptMessages());
    }

    @Test
    public void messagesRefusedWhileInquorateAreKeptAndDeliveredInOrderOnceAdmitted() {
        Node node = new Node();
        node.executive.primaryProvider(() -> false);
        node.send("a");
        node.send("b");
        node.send("c");
        node.cluster.run(2000);
        assertEquals("nothing goes out while the partition is not primary", List.of(), node.engine.delivered);
        assertEquals(3, node.context().keptMessages());

        node.executive.primaryProvider(() -> true);
        node.cluster.run(2000);
        assertEquals(List.of("a", "b", "c"), node.engine.delivered);
        assertEquals(0, node.context().keptMessages());
    }

    @Test
    public void aLaterMessageWaitsBehindKeptOnesEvenWhenTheRingWouldTakeIt() {
        Node node = new Node();
        node.executive.primaryProvider(() -> false);
        node.send("first");
        assertEquals(1, node.context().keptMessages());
        node.executive.primaryProvider(() -> true);
        node.send("second");
        assertEquals("kept behind the first", 2, node.context().keptMessages());  // the ring would take it now: it must not overtake "first"
        node.cluster.run(2000);
        assertEquals(List.of("first", "second"), node.engine.delivered);
    }

    @Test
    public void theKeptBodyIsACopyTheEngineMayReuseItsBufferAfterTheCall() {
        Node node = new Node();
        node.executive.primaryProvider(() -> false);
        ByteBuffer reused = ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII));
        node.engine.context.multicastWhenAdmitted(1, reused);
        assertEquals(1, node.context().keptMessages());
        reused.put(0, (byte) 'x');
        node.executive.primaryProvider(() -> true);
        node.cluster.run(2000);
        assertEquals(List.of("abc"), node.engine.delivered);
    }

    @Test
    public void keptMessagesOfAnUnloadedEngineAreDropped() {
        Node node = new Node();
        node.executive.primaryProvider(() -> false);
        node.send("never");
        EngineContextImpl context = node.context();
        assertEquals(1, context.keptMessages());
        node.executive.removeEngine(node.engine);
        assertEquals("dropped when the engine is unloaded, before the ring could take it", 0,
                context.keptMessages());
        node.executive.primaryProvider(() -> true);
        node.cluster.run(2000);
        assertEquals(List.of(), node.engine.delivered);
    }

    @Test
    public void aMessageTooBigForTheRingIsRefusedAtOnce() {
        Node node = new Node();
        try {
            node.engine.context.multicastWhenAdmitted(1, ByteBuffer.allocate(2 * 1024 * 1024));
            fail("a 2 MiB message was accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("TOO_BIG"));
        }
    }

    /** A one-node ring whose executive runs one engine that records what it is delivered. */
    private static final class Node {
        final MemoryCluster cluster = new MemoryCluster(TotemParameters.corosyncDefaults(1));
        final RecordingEngine engine = new RecordingEngine();
        final Executive executive;

        Node() {
            executive = cluster.start(1, node -> {
                node.executive().putStanza("recording", new ServiceStanza("recording", 0, Map.of(), "test", 0));
                node.executive().addEngine(engine);
            }).executive();
            assertTrue("the one-node ring forms and syncs", cluster.runUntil(() -> cluster.settled(1), 10_000));
        }

        void send(String text) {
            engine.context.multicastWhenAdmitted(1, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        }

        EngineContextImpl context() {
            return (EngineContextImpl) engine.context;
        }
    }

    /** Not allowed inquorate: its multicasts are refused (TRY_AGAIN) while the partition is not primary. */
    private static final class RecordingEngine implements ServiceEngine {
        final List<String> delivered = new ArrayList<>();
        EngineContext context;

        @Override
        public EngineInfo info() {
            return new EngineInfo("recording", 41, 0, Set.of());
        }

        @Override
        public void start(EngineContext context) {
            this.context = context;
        }

        @Override
        public void stop() {
        }

        @Override
        public void deliver(int fn, int senderNodeId, ByteBuffer body) {
            delivered.add(StandardCharsets.US_ASCII.decode(body.duplicate()).toString());
        }

        @Override
        public void request(ClientSession session, int fn, ByteBuffer body) {
        }
    }
}
