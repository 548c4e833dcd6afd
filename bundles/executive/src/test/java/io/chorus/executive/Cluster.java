package io.chorus.executive;

import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import io.chorus.totem.TotemParameters;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** N executives on a {@link MemoryNetwork}, started and driven through the public interfaces. */
final class Cluster {

    final MemoryNetwork network;
    final Map<Integer, Executive> executives = new TreeMap<>();

    Cluster() {
        this(TotemParameters.corosyncDefaults(3));
    }

    Cluster(TotemParameters parameters) {
        network = new MemoryNetwork(parameters);
    }

    /** A node with these engines registered (default services off; each engine enabled by a stanza). */
    Executive start(int nodeId, io.chorus.api.spi.ServiceEngine... engines) {
        MemoryRing ring = network.addNode(nodeId);
        Executive ex = Executive.create(ring, Runnable::run);
        ex.start();
        for (io.chorus.api.spi.ServiceEngine e : engines) {
            enable(ex, e);
            ex.addEngine(e);
        }
        ring.start();
        executives.put(nodeId, ex);
        return ex;
    }

    static void enable(Executive ex, io.chorus.api.spi.ServiceEngine e) {
        ex.putStanza(e.info().name(), new io.chorus.config.ServiceStanza(e.info().name(), e.info().version(),
                Map.of("color", "blue"), "test", 0));
    }

    Executive node(int id) {
        return executives.get(id);
    }

    /** Runs until every listed up node has a regular view of exactly {@code members} and no sync runs. */
    boolean settle(int... members) {
        return network.runUntil(() -> {
            for (int id : members) {
                Executive ex = executives.get(id);
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
}
