package io.chorus.cfg.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.cfg.Cfg;
import io.chorus.api.cfg.CfgClient;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.spi.NodeControl;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executives with the CFG engine on a {@link MemoryNetwork} (virtual time). Each node's {@link NodeControl} is a
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

    static final class Node {
        final MemoryRing ring;
        final Executive executive;
        final TestNode control;
        final io.chorus.api.spi.ClientGateway gateway;

        Node(MemoryRing ring, Executive executive, TestNode control) {
            this.ring = ring;
            this.executive = executive;
            this.control = control;
            this.gateway = executive.clientGateway();
        }
    }

    final MemoryNetwork network = new MemoryNetwork();
    final Map<Integer, Node> nodes = new TreeMap<>();

    CfgCluster startAll(int... ids) {
        for (int id : ids) {
            MemoryRing ring = network.addNode(id);
            Executive ex = Executive.create(ring, Runnable::run);
            ex.start();
            TestNode control = new TestNode(ring);
            ex.addEngine(new CfgEngine(control));
            ring.start();
            nodes.put(id, new Node(ring, ex, control));
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
                if (ex.currentView() == null || ex.currentView().transitional()
                        || !Arrays.equals(ex.currentView().members(), members) || ex.syncInProgress()) {
                    return false;
                }
            }
            return true;
        }, 60_000);
    }

    void run(long millis) {
        network.run(millis);
    }

    Cfg open(int node) throws ChorusException {
        GatewayConnection.Waiter waiter = (monitor, done, timeoutMillis) ->
                network.runUntil(done, timeoutMillis < 0 ? 60_000 : timeoutMillis);
        return CfgClient.open(GatewayConnection.open(node(node).gateway, "corosync_cfg", waiter));
    }
}
