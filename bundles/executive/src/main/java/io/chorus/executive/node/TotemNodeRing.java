package io.chorus.executive.node;

import io.chorus.executive.ClusterRing;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import io.chorus.transport.TotemNode;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The executive's {@link ClusterRing} on a real {@link TotemNode}: the node's Netty event loop is the ring's
 * thread. The core is started when the executive joins the {@code "sync"} group, so that the executive sees
 * the very first configuration change and runs its sync (the node is opened, not started, by its owner).
 */
public final class TotemNodeRing implements ClusterRing {

    private final TotemNode node;

    public TotemNodeRing(TotemNode node) {
        this.node = node;
    }

    public TotemNode node() {
        return node;
    }

    @Override
    public int localNodeId() {
        return node.nodeId();
    }

    @Override
    public McastResult mcast(TotemPgGroup group, ByteBuffer... iov) {
        return node.pg().mcast(group, iov);
    }

    @Override
    public boolean canMcast(TotemPgGroup group, int applicationBytes) {
        return node.pg().canMcast(group, applicationBytes);
    }

    @Override
    public void join(TotemPgGroup group, TotemPgListener listener) {
        node.join(group, listener);
        if (group.equals(TotemPgGroup.SYNC)) {
            node.startCore();
        }
    }

    @Override
    public void leave(TotemPgGroup group) {
        execute(() -> node.pg().leave(group));
    }

    @Override
    public void addTokenListener(Runnable listener) {
        node.addTokenListener(listener);
    }

    @Override
    public void removeTokenListener(Runnable listener) {
        node.removeTokenListener(listener);
    }

    @Override
    public void acknowledgeTransition() {
        node.acknowledgeTransition();
    }

    /** The node's Netty event loop. */
    @Override
    public Executor executor() {
        return node.eventLoop();
    }

    @Override
    public void execute(Runnable task) {
        node.eventLoop().execute(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return node.eventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean inEventLoop() {
        return node.inEventLoop();
    }
}
