package io.chorus.executive.memory;

import io.chorus.api.ChorusException;
import io.chorus.api.RingView;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.spi.ClientGateway;
import io.chorus.executive.Executive;
import io.chorus.totem.TotemParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Executives on a {@link MemoryNetwork}, one per node, driven in virtual time: the fixture that engine tests run
 * several nodes of a service on. Each node is a {@link MemoryRing}, a {@link RecordingRing} over it and an
 * {@link Executive} on that (blocking work runs inline); a <em>setup</em> adds the engines, stanzas and providers
 * the test wants, after the executive started and before the ring does.
 *
 * <p>The calling thread is every node's event loop: {@link #run}, {@link #runUntil} and {@link #settle} advance the
 * virtual clock, and client handles opened through {@link #open} run the network while they wait for an answer.
 * Handles registered with {@link #track} are dispatched together ({@link #dispatchAll}, {@link #deliverAll}) until
 * {@link #close closed}. Not thread-safe.
 *
 * <pre>{@code
 * MemoryCluster cluster = new MemoryCluster(node -> node.executive().addEngine(new CpgEngine()));
 * cluster.startAll(1, 2, 3);
 * Cpg cpg = CpgClient.open(cluster.open(1, "cpg"), callbacks);
 * }</pre>
 */
public final class MemoryCluster {

    /** How long {@link #settle} and {@link #startAll} let the ring form: a minute of virtual time. */
    public static final long SETTLE_MILLIS = 60_000;

    /**
     * How long {@link #deliverAll} runs the ring before dispatching: on an idle ring a message waiting in a partly
     * filled totempg packet goes out with the next token visit, up to {@code hold} (≈685 ms) later.
     */
    public static final long DELIVER_MILLIS = 2_000;

    /** One node: its ring, the recording ring the executive runs on, and the executive. */
    public static final class Node {
        private final int id;
        private final MemoryRing ring;
        private final RecordingRing recording;
        private final Executive executive;

        private Node(int id, MemoryRing ring, RecordingRing recording, Executive executive) {
            this.id = id;
            this.ring = ring;
            this.recording = recording;
            this.executive = executive;
        }

        public int id() {
            return id;
        }

        /** The node on the network: crash it, leave the ring, schedule on its loop. */
        public MemoryRing ring() {
            return ring;
        }

        /** The ring the executive runs on: what it multicast on group "a". */
        public RecordingRing recording() {
            return recording;
        }

        public Executive executive() {
            return executive;
        }

        /** The executive's door for clients. */
        public ClientGateway gateway() {
            return executive.clientGateway();
        }

        @Override
        public String toString() {
            return "node " + id;
        }
    }

    /** Hands a tracked handle's pending callbacks to it ({@code dispatch(ALL)} of the service's client). */
    @FunctionalInterface
    public interface Dispatch {
        void dispatch() throws ChorusException;
    }

    private record Tracked(Object handle, Dispatch dispatch, Runnable close) {
    }

    private final MemoryNetwork network;
    private final Consumer<? super Node> setup;
    private final Map<Integer, Node> nodes = new TreeMap<>();
    private final List<Tracked> tracked = new ArrayList<>();

    /** Corosync's default Totem parameters; nodes start with no engines of their own. */
    public MemoryCluster() {
        this(node -> { });
    }

    /** Corosync's default Totem parameters; {@link #start(int)} runs {@code setup} on each node. */
    public MemoryCluster(Consumer<? super Node> setup) {
        this(new MemoryNetwork(), setup);
    }

    /** These Totem parameters; nodes start with no engines of their own. */
    public MemoryCluster(TotemParameters parameters) {
        this(new MemoryNetwork(parameters), node -> { });
    }

    /** These Totem parameters; {@link #start(int)} runs {@code setup} on each node. */
    public MemoryCluster(TotemParameters parameters, Consumer<? super Node> setup) {
        this(new MemoryNetwork(parameters), setup);
    }

    private MemoryCluster(MemoryNetwork network, Consumer<? super Node> setup) {
        this.network = network;
        this.setup = setup;
    }

    /** The network: partitions, healing, the virtual clock. */
    public MemoryNetwork network() {
        return network;
    }

    // ---- nodes

    /** Starts node {@code id} with the cluster's setup. */
    public Node start(int id) {
        return start(id, setup);
    }

    /**
     * Starts node {@code id}: its executive starts, {@code setup} runs (add engines, stanzas, a primary provider),
     * then the ring starts, forming a singleton ring and merging with the nodes it reaches. Nothing runs yet: the
     * caller runs the network ({@link #settle}, {@link #run}).
     *
     * @throws IllegalArgumentException when the node exists
     */
    public Node start(int id, Consumer<? super Node> setup) {
        MemoryRing ring = network.addNode(id);
        RecordingRing recording = new RecordingRing(ring);
        Executive executive = Executive.create(recording, Runnable::run);
        executive.start();
        Node node = new Node(id, ring, recording, executive);
        nodes.put(id, node);
        setup.accept(node);
        ring.start();
        return node;
    }

    /** Starts these nodes with the cluster's setup and {@link #settle settles} them into one ring. */
    public MemoryCluster startAll(int... ids) {
        return startAll(setup, ids);
    }

    /**
     * Starts these nodes with {@code setup} and {@link #settle settles} them into one ring.
     *
     * @throws IllegalStateException when the ring does not form within {@link #SETTLE_MILLIS}
     */
    public MemoryCluster startAll(Consumer<? super Node> setup, int... ids) {
        for (int id : ids) {
            start(id, setup);
        }
        if (!settle(ids)) {
            throw new IllegalStateException("ring " + Arrays.toString(ids) + " did not form within "
                    + SETTLE_MILLIS + " ms");
        }
        return this;
    }

    /**
     * A started node.
     *
     * @throws IllegalArgumentException when no node {@code id} was started
     */
    public Node node(int id) {
        Node node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return node;
    }

    /** The started nodes by id, ascending (live, unmodifiable). */
    public Map<Integer, Node> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    /** The node stops dead: it sends, receives and runs nothing more; the others see it fail. */
    public void crash(int id) {
        node(id).ring().crash();
    }

    // ---- time

    /**
     * Whether each of {@code members} (ascending, as views list them) is a started node whose executive has a
     * regular view of exactly {@code members} and runs no sync. Runs nothing.
     */
    public boolean settled(int... members) {
        for (int id : members) {
            Node node = nodes.get(id);
            if (node == null) {
                return false;
            }
            Executive executive = node.executive();
            RingView view = executive.currentView();
            if (view == null || view.transitional() || !Arrays.equals(view.members(), members)
                    || executive.syncInProgress()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the network until {@code members} are {@link #settled}, for {@link #SETTLE_MILLIS} at the most.
     *
     * @return whether they settled
     */
    public boolean settle(int... members) {
        return network.runUntil(() -> settled(members), SETTLE_MILLIS);
    }

    /** Runs {@code millis} of virtual time. */
    public void run(long millis) {
        network.run(millis);
    }

    /** Runs until {@code condition} holds (checked after each event) or {@code maxMillis} pass; whether it holds. */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        return network.runUntil(condition, maxMillis);
    }

    // ---- clients

    /**
     * How a client on the calling thread waits: by running the network until what it waits for is done. A wait
     * without a limit runs {@link #SETTLE_MILLIS} at the most (the ring's token never lets the clock stand still),
     * after which the caller sees its timeout.
     */
    public GatewayConnection.Waiter waiter() {
        return (monitor, done, timeoutMillis) -> network.runUntil(done, timeoutMillis < 0 ? SETTLE_MILLIS
                : timeoutMillis);
    }

    /** An in-container connection to {@code service} (name or alias) on {@code node}, waiting with {@link #waiter}. */
    public GatewayConnection open(int node, String service) throws ChorusException {
        return GatewayConnection.open(node(node).gateway(), service, waiter());
    }

    /**
     * Registers a client handle for {@link #dispatchAll} until {@link #close}.
     *
     * @param dispatch runs the handle's pending callbacks
     * @param close    finalizes the handle
     * @return {@code handle}
     */
    public <H> H track(H handle, Dispatch dispatch, Runnable close) {
        tracked.add(new Tracked(handle, dispatch, close));
        return handle;
    }

    /** Dispatches every tracked handle, oldest first; a handle that fails (BAD_HANDLE included) throws. */
    public void dispatchAll() throws ChorusException {
        for (Tracked t : tracked) {
            t.dispatch().dispatch();
        }
    }

    /** Lets the ring deliver what is in flight ({@link #DELIVER_MILLIS}), then {@link #dispatchAll dispatches}. */
    public void deliverAll() throws ChorusException {
        run(DELIVER_MILLIS);
        dispatchAll();
    }

    /**
     * Finalizes a tracked handle the test is done with; {@link #dispatchAll} leaves it alone from then on.
     *
     * @throws IllegalArgumentException when {@code handle} is not tracked
     */
    public void close(Object handle) {
        for (Iterator<Tracked> it = tracked.iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            if (t.handle() == handle) {
                it.remove();
                t.close().run();
                return;
            }
        }
        throw new IllegalArgumentException("not tracked: " + handle);
    }
}
