package io.chorus.evs.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.evs.Evs;
import io.chorus.api.evs.EvsCallbacks;
import io.chorus.api.evs.EvsClient;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryNetwork;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link MemoryCluster} whose executives run the EVS engine (selected by a {@code service { name: evs }} stanza);
 * handles through the client API over the in-container connection. The test thread is every node's event loop:
 * calls run the network while they wait.
 */
final class EvsCluster {

    /** What one handle was told, in dispatch order. */
    static final class Seen implements EvsCallbacks {
        final List<String> deliveries = new ArrayList<>();
        final List<String> confchgs = new ArrayList<>();

        @Override
        public void deliver(int nodeid, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            deliveries.add(nodeid + ":" + new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void confchg(int[] members, int[] left, int[] joined) {
            confchgs.add(Arrays.toString(members) + " left " + Arrays.toString(left) + " joined "
                    + Arrays.toString(joined));
        }
    }

    record Handle(int node, Evs evs, Seen seen) {
    }

    final MemoryCluster cluster = new MemoryCluster(node -> {
        node.executive().putStanza("evs", new ServiceStanza("openais_evs", 0, Map.of(), "test.conf", 1));
        node.executive().addEngine(new EvsEngine());
    });
    final MemoryNetwork network = cluster.network();
    final Map<Integer, MemoryCluster.Node> nodes = cluster.nodes();

    MemoryCluster.Node start(int id) {
        return cluster.start(id);
    }

    EvsCluster startAll(int... ids) {
        cluster.startAll(ids);
        return this;
    }

    boolean settle(int... members) {
        return cluster.settle(members);
    }

    GatewayConnection connect(int node) throws ChorusException {
        return cluster.open(node, "evs");
    }

    Handle open(int node) throws ChorusException {
        Seen seen = new Seen();
        Evs evs = EvsClient.open(connect(node), seen);
        return cluster.track(new Handle(node, evs, seen), () -> evs.dispatch(DispatchFlag.ALL), evs::close);
    }

    /** Runs the ring, then dispatches every open handle; any handle that fails (BAD_HANDLE included) fails the test. */
    void deliverAll() throws ChorusException {
        cluster.deliverAll();
    }

    /** Finalizes a handle the test is done with (deliverAll leaves it alone from then on). */
    void close(Handle h) {
        cluster.close(h);
    }
}
