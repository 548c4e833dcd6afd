package io.chorus.evs.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.evs.Evs;
import io.chorus.api.evs.EvsCallbacks;
import io.chorus.api.evs.EvsClient;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executives with the EVS engine (selected by a {@code service { name: evs }} stanza) on a {@link MemoryNetwork}
 * in virtual time; handles through the client API over the in-container connection. The test thread is every
 * node's event loop: calls run the network while they wait.
 */
final class EvsCluster {

    record Node(MemoryRing ring, Executive executive, io.chorus.api.spi.ClientGateway gateway) {
    }

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

    final MemoryNetwork network = new MemoryNetwork();
    final Map<Integer, Node> nodes = new TreeMap<>();
    final List<Handle> handles = new ArrayList<>();

    Node start(int id) {
        MemoryRing ring = network.addNode(id);
        Executive ex = Executive.create(ring, Runnable::run);
        ex.start();
        ex.putStanza("evs", new ServiceStanza("openais_evs", 0, Map.of(), "test.conf", 1));
        ex.addEngine(new EvsEngine());
        ring.start();
        Node n = new Node(ring, ex, ex.clientGateway());
        nodes.put(id, n);
        return n;
    }

    EvsCluster startAll(int... ids) {
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

    GatewayConnection.Waiter waiter() {
        return (monitor, done, timeoutMillis) -> network.runUntil(done, timeoutMillis < 0 ? 60_000 : timeoutMillis);
    }

    GatewayConnection connect(int node) throws ChorusException {
        return GatewayConnection.open(nodes.get(node).gateway(), "evs", waiter());
    }

    Handle open(int node) throws ChorusException {
        Seen seen = new Seen();
        Handle h = new Handle(node, EvsClient.open(connect(node), seen), seen);
        handles.add(h);
        return h;
    }

    /** Lets the ring deliver what is in flight (an idle ring sends a partly filled packet within hold), then dispatches. */
    /** Runs the ring, then dispatches every open handle; any handle that fails (BAD_HANDLE included) fails the test. */
    void deliverAll() throws ChorusException {
        network.run(2000);
        for (Handle h : handles) {
            h.evs().dispatch(DispatchFlag.ALL);
        }
    }

    /** Finalizes a handle the test is done with (deliverAll leaves it alone from then on). */
    void close(Handle h) {
        handles.remove(h);
        h.evs().close();
    }
}
