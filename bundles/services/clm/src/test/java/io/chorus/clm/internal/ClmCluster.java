package io.chorus.clm.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.clm.Clm;
import io.chorus.api.clm.ClmCallbacks;
import io.chorus.api.clm.ClmClient;
import io.chorus.api.clm.ClmNode;
import io.chorus.api.clm.ClmNotificationBuffer;
import io.chorus.api.clm.ClmVersion;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Executives with the CLM engine on a {@link MemoryNetwork} (virtual time); handles through the client API. */
final class ClmCluster {

    record Node(MemoryRing ring, Executive executive, io.chorus.api.spi.ClientGateway gateway) {
    }

    record Track(ClmNotificationBuffer buffer, int members, ChorusError error) {
    }

    record NodeGet(long invocation, ClmNode node, ChorusError error) {
    }

    static final class Seen implements ClmCallbacks {
        final List<Track> tracks = new ArrayList<>();
        final List<NodeGet> nodeGets = new ArrayList<>();

        @Override
        public void clusterTrack(ClmNotificationBuffer buffer, int numberOfMembers, ChorusError error) {
            tracks.add(new Track(buffer, numberOfMembers, error));
        }

        @Override
        public void clusterNodeGet(long invocation, ClmNode node, ChorusError error) {
            nodeGets.add(new NodeGet(invocation, node, error));
        }
    }

    record Handle(int node, Clm clm, Seen seen) {
    }

    final MemoryNetwork network = new MemoryNetwork();
    final Map<Integer, Node> nodes = new TreeMap<>();
    final List<Handle> handles = new ArrayList<>();

    Node start(int id) {
        MemoryRing ring = network.addNode(id);
        Executive ex = Executive.create(ring, Runnable::run);
        ex.start();
        ex.putStanza("clm", new ServiceStanza("openais_clm", 0, Map.of(), "test.conf", 1));
        ex.addEngine(new ClmEngine());
        ring.start();
        Node n = new Node(ring, ex, ex.clientGateway());
        nodes.put(id, n);
        return n;
    }

    ClmCluster startAll(int... ids) {
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
        return GatewayConnection.open(nodes.get(node).gateway(), "clm",
                (monitor, done, timeout) -> network.runUntil(done, timeout < 0 ? 60_000 : timeout));
    }

    Handle open(int node) throws ChorusException {
        Seen seen = new Seen();
        Handle h = new Handle(node, ClmClient.initialize(connect(node), seen, ClmVersion.B_01_01), seen);
        handles.add(h);
        return h;
    }

    /** Runs the ring, then dispatches every handle; any handle that fails (BAD_HANDLE included) fails the test. */
    void deliverAll() throws ChorusException {
        network.run(2000);
        for (Handle h : handles) {
            h.clm().dispatch(DispatchFlag.ALL);
        }
    }

    long viewNumber(int node) {
        return nodes.get(node).executive().currentView().ringSeq() / 4;
    }
}
