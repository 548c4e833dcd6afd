package io.chorus.cpg.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.spi.ClientGateway;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import io.chorus.executive.memory.RecordingRing;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link MemoryCluster} whose executives run the CPG engine (a default service: no stanza needed), and CPG
 * handles opened through the client API over the in-container connection. The test thread is every node's event
 * loop: a handle's calls run the network while they wait, and {@link #dispatchAll()} runs callbacks.
 */
final class CpgCluster {

    /** One node: its ring (recording what it multicasts), executive, engine and gateway. */
    static final class Node {
        final MemoryRing ring;
        final RecordingRing recording;
        final Executive executive;
        final CpgEngine engine;
        final ClientGateway gateway;

        Node(MemoryCluster.Node node, CpgEngine engine) {
            this.ring = node.ring();
            this.recording = node.recording();
            this.executive = node.executive();
            this.engine = engine;
            this.gateway = node.gateway();
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

    final MemoryCluster cluster = new MemoryCluster(this::addEngine);
    final MemoryNetwork network = cluster.network();
    private final Map<Integer, Node> nodes = new TreeMap<>();

    private void addEngine(MemoryCluster.Node node) {
        CpgEngine engine = new CpgEngine();
        node.executive().addEngine(engine);
        nodes.put(node.id(), new Node(node, engine));
    }

    Node start(int id) {
        cluster.start(id);
        return node(id);
    }

    CpgCluster startAll(int... ids) {
        cluster.startAll(ids);
        return this;
    }

    Node node(int id) {
        return nodes.get(id);
    }

    boolean settle(int... members) {
        return cluster.settle(members);
    }

    void run(long millis) {
        cluster.run(millis);
    }

    Handle open(int node) throws ChorusException {
        Recorder seen = new Recorder();
        Cpg cpg = CpgClient.open(cluster.open(node, "cpg"), seen);
        return cluster.track(new Handle(node, cpg, seen), () -> cpg.dispatch(DispatchFlag.ALL), cpg::close);
    }

    /** Lets the ring deliver what is in flight, then runs every handle's pending callbacks. */
    void deliverAll() throws ChorusException {
        cluster.deliverAll();
    }

    /** Dispatches every open handle; any handle that fails (BAD_HANDLE included) fails the test. */
    void dispatchAll() throws ChorusException {
        cluster.dispatchAll();
    }

    /** Finalizes a handle the test is done with (dispatchAll leaves it alone from then on). */
    void close(Handle h) {
        cluster.close(h);
    }
}
