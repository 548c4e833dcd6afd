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
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link MemoryCluster} whose executives run the CLM engine; handles through the client API. */
final class ClmCluster {

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

    final MemoryCluster cluster = new MemoryCluster(node -> {
        node.executive().putStanza("clm", new ServiceStanza("openais_clm", 0, Map.of(), "test.conf", 1));
        node.executive().addEngine(new ClmEngine());
    });
    final MemoryNetwork network = cluster.network();
    final Map<Integer, MemoryCluster.Node> nodes = cluster.nodes();

    MemoryCluster.Node start(int id) {
        return cluster.start(id);
    }

    ClmCluster startAll(int... ids) {
        cluster.startAll(ids);
        return this;
    }

    boolean settle(int... members) {
        return cluster.settle(members);
    }

    GatewayConnection connect(int node) throws ChorusException {
        return cluster.open(node, "clm");
    }

    Handle open(int node) throws ChorusException {
        Seen seen = new Seen();
        Clm clm = ClmClient.initialize(connect(node), seen, ClmVersion.B_01_01);
        return cluster.track(new Handle(node, clm, seen), () -> clm.dispatch(DispatchFlag.ALL), clm::close);
    }

    /** Runs the ring, then dispatches every handle; any handle that fails (BAD_HANDLE included) fails the test. */
    void deliverAll() throws ChorusException {
        cluster.deliverAll();
    }

    long viewNumber(int node) {
        return cluster.node(node).executive().currentView().ringSeq() / 4;
    }
}
