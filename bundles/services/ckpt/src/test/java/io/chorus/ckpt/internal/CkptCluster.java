package io.chorus.ckpt.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.ckpt.CkptClient;
import io.chorus.api.client.GatewayConnection;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import java.util.Map;
import java.util.TreeMap;

/** A {@link MemoryCluster} whose executives run the CKPT engine; clients through the client API. */
final class CkptCluster {

    /** The virtual clock as ns since an epoch that looks like a real one. */
    static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;

    record Node(MemoryRing ring, Executive executive, CkptEngine engine) {
    }

    final MemoryCluster cluster = new MemoryCluster(this::addEngine);
    final MemoryNetwork network = cluster.network();
    final Map<Integer, Node> nodes = new TreeMap<>();

    long nowNanos() {
        return EPOCH_NANOS + network.now() * 1_000_000L;
    }

    private void addEngine(MemoryCluster.Node node) {
        node.executive().putStanza("ckpt", new ServiceStanza("openais_ckpt", 0, Map.of(), "test.conf", 1));
        CkptEngine engine = new CkptEngine(this::nowNanos);
        node.executive().addEngine(engine);
        nodes.put(node.id(), new Node(node.ring(), node.executive(), engine));
    }

    Node start(int id) {
        cluster.start(id);
        return nodes.get(id);
    }

    CkptCluster startAll(int... ids) {
        cluster.startAll(ids);
        return this;
    }

    boolean settle(int... members) {
        return cluster.settle(members);
    }

    GatewayConnection connect(int node) throws ChorusException {
        return cluster.open(node, "ckpt");
    }

    CkptClient client(int node) throws ChorusException {
        return CkptClient.initialize(connect(node), null);
    }

    /** The checkpoint of that name in a node's replica (live first), or null. */
    Checkpoint replica(int node, String name) {
        return nodes.get(node).engine().replica.checkpoints.byName(name);
    }
}
