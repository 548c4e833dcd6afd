package io.chorus.ckpt.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.ckpt.CkptClient;
import io.chorus.api.client.GatewayConnection;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Executives with the CKPT engine on a {@link MemoryNetwork} (virtual time); clients through the client API. */
final class CkptCluster {

    /** The virtual clock as ns since an epoch that looks like a real one. */
    static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;

    record Node(MemoryRing ring, Executive executive, CkptEngine engine) {
    }

    final MemoryNetwork network = new MemoryNetwork();
    final Map<Integer, Node> nodes = new TreeMap<>();

    long nowNanos() {
        return EPOCH_NANOS + network.now() * 1_000_000L;
    }

    Node start(int id) {
        MemoryRing ring = network.addNode(id);
        Executive ex = Executive.create(ring, Runnable::run);
        ex.start();
        ex.putStanza("ckpt", new ServiceStanza("openais_ckpt", 0, Map.of(), "test.conf", 1));
        CkptEngine engine = new CkptEngine(this::nowNanos);
        ex.addEngine(engine);
        ring.start();
        Node n = new Node(ring, ex, engine);
        nodes.put(id, n);
        return n;
    }

    CkptCluster startAll(int... ids) {
        for (int id : ids) {
            start(id);
        }
        if (!settle(ids)) {
            throw new AssertionError("ring " + Arrays.toString(ids) + " did not form");
        }
        return this;
    }

    boolean settle(int... members) {
        return network.runUntil(() -> {
            for (int id : members) {
                Executive ex = nodes.get(id).executive();
                if (ex.currentView() == null || ex.currentView().transitional()
                        || !Arrays.equals(ex.currentView().members(), members) || ex.syncInProgress()) {
                    return false;
                }
            }
            return true;
        }, 60_000);
    }

    GatewayConnection connect(int node) throws ChorusException {
        return GatewayConnection.open(nodes.get(node).executive().clientGateway(), "ckpt",
                (monitor, done, timeout) -> network.runUntil(done, timeout < 0 ? 60_000 : timeout));
    }

    CkptClient client(int node) throws ChorusException {
        return CkptClient.initialize(connect(node), null);
    }

    /** The checkpoint of that name in a node's replica (live first), or null. */
    Checkpoint replica(int node, String name) {
        return nodes.get(node).engine().replica.checkpoints.byName(name);
    }
}
