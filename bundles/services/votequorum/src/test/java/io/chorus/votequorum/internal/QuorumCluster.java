package io.chorus.votequorum.internal;

import io.chorus.api.RingView;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import io.chorus.executive.memory.RecordingRing;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Executives with votequorum (as the executive's primary provider) and a gated test engine, on virtual time. */
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

    static final class Node {
        final MemoryRing ring;
        final RecordingRing recording;
        final Executive executive;
        final VotequorumEngine engine;

        Node(MemoryRing ring, RecordingRing recording, Executive executive, VotequorumEngine engine) {
            this.ring = ring;
            this.recording = recording;
            this.executive = executive;
            this.engine = engine;
        }
    }

    final MemoryNetwork network = new MemoryNetwork();
    final Map<Integer, Node> nodes = new TreeMap<>();

    Node start(int id, VoteSettings settings) {
        MemoryRing ring = network.addNode(id);
        RecordingRing rec = new RecordingRing(ring);
        Executive ex = Executive.create(rec, Runnable::run);
        ex.start();
        VotequorumEngine engine = new VotequorumEngine(settings);
        ex.addEngine(engine);
        ex.addEngine(new AddOnEngine());
        ex.putStanza("addon", new io.chorus.config.ServiceStanza("addon", 0, Map.of(), "test", 1));
        ex.primaryProvider(engine.primary());
        ring.start();
        Node n = new Node(ring, rec, ex, engine);
        nodes.put(id, n);
        return n;
    }

    QuorumCluster startAll(VoteSettings settings, int... ids) {
        for (int id : ids) {
            start(id, settings);
        }
        if (!settle(ids)) {
            throw new AssertionError("ring " + Arrays.toString(ids) + " did not form");
        }
        return this;
    }

    Node node(int id) {
        return nodes.get(id);
    }

    /** Runs until each listed node has a regular view of exactly {@code members} and no sync runs. */
    boolean settle(int... members) {
        return network.runUntil(() -> {
            for (int id : members) {
                Executive ex = nodes.get(id).executive;
                RingView v = ex.currentView();
                if (v == null || v.transitional() || !Arrays.equals(v.members(), members) || ex.syncInProgress()) {
                    return false;
                }
            }
            return true;
        }, 60_000);
    }

}
