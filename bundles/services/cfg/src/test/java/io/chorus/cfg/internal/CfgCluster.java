package io.chorus.cfg.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.cfg.Cfg;
import io.chorus.api.cfg.CfgClient;
import io.chorus.api.spi.NodeControl;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryRing;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link MemoryCluster} whose executives run the CFG engine. Each node's {@link NodeControl} is a
 * {@link TestNode}: one ring that the test can mark FAULTY, and a shutdown that makes the node leave the ring,
 * as the real one does (asynchronously, after the engine's work on the event loop).
 */
final class CfgCluster {

    /** NodeControl of an in-memory node. */
    static final class TestNode implements NodeControl {
        final MemoryRing ring;
        boolean faulty;
        int reenabled;
        String shutdownReason;

        TestNode(MemoryRing ring) {
            this.ring = ring;
        }

        @Override
        public Status status() {
            return new Status(ring.localNodeId(), "memory", "OPERATIONAL", 1, 4, new int[] {ring.localNodeId()},
                    List.of(new Ring(0, "10.0.0." + ring.localNodeId(), faulty)), Map.of());
        }

        @Override
        public int reenableRings() {
            reenabled++;
            int n = faulty ? 1 : 0;
            faulty = false;
            return n;
        }

        @Override
        public void shutdown(String reason) {
            shutdownReason = reason;
            ring.execute(ring::leaveRing);
        }
    }

    /** One node: its ring and its NodeControl. */
    static final class Node {
        final MemoryRing ring;
        final TestNode control;

        Node(MemoryRing ring, TestNode control) {
            this.ring = ring;
            this.control = control;
        }
    }

    final MemoryCluster cluster = new MemoryCluster(this::addEngine);
    private final Map<Integer, Node> nodes = new TreeMap<>();

    private void addEngine(MemoryCluster.Node node) {
        TestNode control = new TestNode(node.ring());
        node.executive().addEngine(new CfgEngine(control));
        nodes.put(node.id(), new Node(node.ring(), control));
    }

    CfgCluster startAll(int... ids) {
        cluster.startAll(ids);
        return this;
    }

    Node node(int id) {
        return nodes.get(id);
    }

    boolean settle(int... members) {
        return cluster.settle(members);
    }

    void run(long millis) {
        cluster.run(millis);
    }

    Cfg open(int node) throws ChorusException {
        return CfgClient.open(cluster.open(node, "corosync_cfg"));
    }
}
