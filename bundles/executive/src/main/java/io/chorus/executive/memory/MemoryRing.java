package io.chorus.executive.memory;

import io.chorus.executive.ClusterRing;
import io.chorus.totem.RingIdStore;
import io.chorus.totem.TotemCore;
import io.chorus.totem.TotemDriver;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.PacketSink;
import io.chorus.totem.pg.TotemPg;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

/**
 * One node of a {@link MemoryNetwork}: a real {@link TotemCore} and {@link TotemPg} wired as in production,
 * with the network in place of sockets and the virtual clock in place of timers.
 *
 * <p>Wired as {@code TotemNode} is: the core's output is {@link TotemPg#wrap} of this node's driver, whose token
 * listeners run before totempg flushes, so what sync multicasts on a token goes out with that token.
 */
public final class MemoryRing implements ClusterRing {

    private final MemoryNetwork network;
    private final int nodeId;
    private final TotemPg pg;
    private final List<Runnable> tokenListeners = new CopyOnWriteArrayList<>();
    private final Map<TotemTimer, VirtualFuture> timers = new EnumMap<>(TotemTimer.class);
    private TotemCore core;
    private boolean up;

    MemoryRing(MemoryNetwork network, int nodeId) {
        this.network = network;
        this.nodeId = nodeId;
        this.pg = new TotemPg(network.parameters().maxPayload());
    }

    /** Starts the node: it forms a singleton ring, then merges with the nodes it can reach. */
    public void start() {
        if (core != null) {
            throw new IllegalStateException("node " + nodeId + " already started");
        }
        up = true;
        core = new TotemCore(nodeId, network.parameters(), RingIdStore.inMemory(), pg.wrap(new Output()),
                new SplittableRandom(nodeId));
        pg.attach(PacketSink.of(core));
        core.start();
    }

    /** The node stops dead: it sends, receives and runs nothing more (the others see it fail). */
    public void crash() {
        up = false;
        timers.values().forEach(f -> f.cancel(false));
        timers.clear();
    }

    /** A clean leave: the others form the new ring at once; then the node goes down. */
    public void leaveRing() {
        core.leave();
        crash();
    }

    public boolean isUp() {
        return up;
    }

    @Override
    public int localNodeId() {
        return nodeId;
    }

    @Override
    public McastResult mcast(TotemPgGroup group, ByteBuffer... iov) {
        return pg.mcast(group, iov);
    }

    @Override
    public boolean canMcast(TotemPgGroup group, int applicationBytes) {
        return pg.canMcast(group, applicationBytes);
    }

    @Override
    public void join(TotemPgGroup group, TotemPgListener listener) {
        pg.join(group, listener);
    }

    @Override
    public void leave(TotemPgGroup group) {
        pg.leave(group);
    }

    @Override
    public void addTokenListener(Runnable listener) {
        tokenListeners.add(listener);
    }

    @Override
    public void removeTokenListener(Runnable listener) {
        tokenListeners.remove(listener);
    }

    @Override
    public void acknowledgeTransition() {
        core.acknowledgeTransition();
    }

    @Override
    public void execute(Runnable task) {
        network.schedule(0, () -> {
            if (up || core == null) {
                task.run();
            }
        });
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return network.schedule(delayMillis, () -> {
            if (up) {
                task.run();
            }
        });
    }

    @Override
    public boolean inEventLoop() {
        return network.onOwnerThread();
    }

    private static byte[] copy(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        return bytes;
    }

    private void receive(byte[] packet) {
        if (up) {
            core.receive(ByteBuffer.wrap(packet));
        }
    }

    /** What the core does to the world, routed through the network and the virtual clock. */
    private final class Output implements TotemDriver {

        @Override
        public void unicast(int target, ByteBuffer packet) {
            MemoryRing to = network.node(target);
            if (!up || to == null || !network.reachable(nodeId, target)) {
                return;
            }
            byte[] bytes = copy(packet);
            network.schedule(1, () -> to.receive(bytes));
        }

        @Override
        public void multicast(ByteBuffer packet) {
            if (!up) {
                return;
            }
            byte[] bytes = copy(packet);
            for (MemoryRing to : network.reachableFrom(nodeId)) {
                network.schedule(1, () -> to.receive(bytes));
            }
        }

        @Override
        public void setTimer(TotemTimer timer, long delayMillis) {
            cancelTimer(timer);
            VirtualFuture[] self = new VirtualFuture[1];
            self[0] = network.schedule(delayMillis, () -> {
                if (up && timers.get(timer) == self[0]) {
                    timers.remove(timer);
                    core.timerExpired(timer);
                }
            });
            timers.put(timer, self[0]);
        }

        @Override
        public void cancelTimer(TotemTimer timer) {
            VirtualFuture f = timers.remove(timer);
            if (f != null) {
                f.cancel(false);
            }
        }

        /** Token listeners run before totempg flushes ({@link TotemPg#wrap}): what they send leaves with the token. */
        @Override
        public void tokenReceived() {
            for (Runnable l : tokenListeners) {
                l.run();
            }
        }
    }
}
