package io.chorus.executive;

import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.totem.TotemParameters;
import java.util.Map;

/** N executives on a {@link MemoryCluster}, started and driven through the public interfaces. */
final class Cluster {

    final MemoryCluster cluster;
    final MemoryNetwork network;

    Cluster() {
        this(TotemParameters.corosyncDefaults(3));
    }

    Cluster(TotemParameters parameters) {
        cluster = new MemoryCluster(parameters);
        network = cluster.network();
    }

    /** A node with these engines registered (default services off; each engine enabled by a stanza). */
    Executive start(int nodeId, ServiceEngine... engines) {
        return cluster.start(nodeId, node -> {
            for (ServiceEngine e : engines) {
                enable(node.executive(), e);
                node.executive().addEngine(e);
            }
        }).executive();
    }

    static void enable(Executive ex, ServiceEngine e) {
        ex.putStanza(e.info().name(), new ServiceStanza(e.info().name(), e.info().version(),
                Map.of("color", "blue"), "test", 0));
    }

    Executive node(int id) {
        return cluster.node(id).executive();
    }

    /** Runs until every listed node has a regular view of exactly {@code members} and no sync runs. */
    boolean settle(int... members) {
        return cluster.settle(members);
    }

    void run(long millis) {
        cluster.run(millis);
    }
}
