package io.chorus.votequorum.internal;

import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.RecordingRing;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A {@link MemoryCluster} whose executives run votequorum (as their primary provider) and a gated test engine. */
final class QuorumCluster {

    /** An add-on engine that does not allow inquorate operation: every request of it is flow-controlled. */
    static final class AddOnEngine implements ServiceEngine {
        static final EngineInfo INFO = new EngineInfo("addon", 20, 0, Set.of());

        @Override
        public EngineInfo info() {
            return INFO;
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
        public void request(ClientSession session, int fn, ByteBuffer body) {
            session.respond(fn, io.chorus.api.spi.ResponseStatus.of(io.chorus.api.ChorusError.OK));
        }
    }

    /** One node: its executive, the ring that records what it multicast, and its votequorum engine. */
    static final class Node {
        final RecordingRing recording;
        final Executive executive;
        final VotequorumEngine engine;

        Node(MemoryCluster.Node node, VotequorumEngine engine) {
            this.recording = node.recording();
            this.executive = node.executive();
            this.engine = engine;
        }
    }

    final MemoryCluster cluster = new MemoryCluster();
    final MemoryNetwork network = cluster.network();
    private final Map<Integer, Node> nodes = new TreeMap<>();

    private void addEngines(MemoryCluster.Node node, VoteSettings settings) {
        Executive ex = node.executive();
        VotequorumEngine engine = new VotequorumEngine(settings);
        ex.addEngine(engine);
        ex.addEngine(new AddOnEngine());
        ex.putStanza("addon", new io.chorus.config.ServiceStanza("addon", 0, Map.of(), "test", 1));
        ex.primaryProvider(engine.primary());
        nodes.put(node.id(), new Node(node, engine));
    }

    Node start(int id, VoteSettings settings) {
        cluster.start(id, node -> addEngines(node, settings));
        return node(id);
    }

    QuorumCluster startAll(VoteSettings settings, int... ids) {
        cluster.startAll(node -> addEngines(node, settings), ids);
        return this;
    }

    Node node(int id) {
        return nodes.get(id);
    }

    boolean settle(int... members) {
        return cluster.settle(members);
    }
}
