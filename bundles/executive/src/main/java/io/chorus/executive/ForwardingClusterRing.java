package io.chorus.executive;

import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * A {@link ClusterRing} that forwards every call to {@link #delegate()}: the base for wiring that offers a ring it
 * opens later (the DS component) and for rings that watch what passes (tests record what is multicast). Override
 * only the calls that do something of their own.
 */
public abstract class ForwardingClusterRing implements ClusterRing {

    /** The ring every call goes to; may change over time (a component opens it on activation). */
    protected abstract ClusterRing delegate();

    @Override
    public int localNodeId() {
        return delegate().localNodeId();
    }

    @Override
    public McastResult mcast(TotemPgGroup group, ByteBuffer... iov) {
        return delegate().mcast(group, iov);
    }

    @Override
    public boolean canMcast(TotemPgGroup group, int applicationBytes) {
        return delegate().canMcast(group, applicationBytes);
    }

    @Override
    public void join(TotemPgGroup group, TotemPgListener listener) {
        delegate().join(group, listener);
    }

    @Override
    public void leave(TotemPgGroup group) {
        delegate().leave(group);
    }

    @Override
    public void addTokenListener(Runnable listener) {
        delegate().addTokenListener(listener);
    }

    @Override
    public void removeTokenListener(Runnable listener) {
        delegate().removeTokenListener(listener);
    }

    @Override
    public void acknowledgeTransition() {
        delegate().acknowledgeTransition();
    }

    @Override
    public void execute(Runnable task) {
        delegate().execute(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return delegate().schedule(task, delayMillis);
    }

    @Override
    public boolean inEventLoop() {
        return delegate().inEventLoop();
    }

    @Override
    public Executor executor() {
        return delegate().executor();
    }
}
