package io.chorus.cpg.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgClient;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import io.chorus.executive.memory.RecordingRing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executives with the CPG engine on a {@link MemoryNetwork} (virtual time), and CPG handles opened through the
 * client API over the in-container connection. The test thread is every node's event loop: a handle's calls
 * run the network while they wait (the connection's waiter), and {@link #dispatchAll()} runs callbacks.
 */
final class CpgCluster {

    /** One node: its ring (recording what it multicasts), executive, engine and gateway. */
    static final class Node {
        final MemoryRing ring;
        final RecordingRing recording;
        final Executive executive;
        final CpgEngine engine;
        final io.chorus.api.spi.ClientGateway gateway;

        Node(MemoryRing ring, RecordingRing recording, Executive executive, CpgEngine engine) {
            this.ring = ring;
            this.recording = recording;
            this.executive = executive;
            this.engine = engine;
            this.gateway = executive.clientGateway();
        }
    }

    /** A handle and what it was told. */
    static final class Handle {
        final int node;
        final Cpg cpg;
        final Recorder seen;

        Handle(int node, Cpg cpg, Recorder seen) {
            this.node = node;
            this.cpg = cpg;
            this.seen = seen;
        }
    }

    final MemoryNetwork network = new MemoryNetwork();
    final Map<Integer, Node> nodes = new TreeMap<>();
    final List<Handle> handles = new ArrayList<>();

    /** Starts node {@code id} with the CPG engine (a default service: no stanza needed). */
    Node start(int id) {
        MemoryRing ring = network.addNode(id);
        RecordingRing recording = new RecordingRing(ring);
        Executive ex = Executive.create(recording, Runnable::run);
        ex.start();
        CpgEngine engine = new CpgEngine();
        ex.addEngine(engine);
        ring.start();
        Node n = new Node(ring, recording, ex, engine);
        nodes.put(id, n);
        return n;
    }

    CpgCluster startAll(int... ids) {
        for (int id : ids) {
            start(id);
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

    /** The waiter for the test thread: run the simulated network until the connection has what it waits for. */
    private GatewayConnection.Waiter waiter() {
        return (monitor, done, timeoutMillis) -> network.runUntil(done, timeoutMillis < 0 ? 60_000 : timeoutMillis);
    }

    Handle open(int node) throws ChorusException {
        Recorder seen = new Recorder();
        Cpg cpg = CpgClient.open(GatewayConnection.open(node(node).gateway, "cpg", waiter()), seen);
        Handle h = new Handle(node, cpg, seen);
        handles.add(h);
        return h;
    }

    /**
     * Lets the ring deliver what is in flight, then runs every handle's pending callbacks. Two seconds: on an
     * idle ring a message waiting in a partly filled totempg packet goes out with the next token visit, up to
     * {@code hold} (≈685 ms) later.
     */
    void deliverAll() throws ChorusException {
        run(2000);
        dispatchAll();
    }

    /** Dispatches every open handle; any handle that fails (BAD_HANDLE included) fails the test. */
    void dispatchAll() throws ChorusException {
        for (Handle h : handles) {
            h.cpg.dispatch(DispatchFlag.ALL);
        }
    }

    /** Finalizes a handle the test is done with (dispatchAll leaves it alone from then on). */
    void close(Handle h) {
        handles.remove(h);
        h.cpg.close();
    }
}
