package io.chorus.cpg.internal;

import io.chorus.executive.ClusterRing;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** A {@link ClusterRing} that records the exec messages (group "a") its executive hands to totempg, as sent. */
final class RecordingRing implements ClusterRing {

    private final ClusterRing ring;
    final List<byte[]> sentOnA = new ArrayList<>();

    RecordingRing(ClusterRing ring) {
        this.ring = ring;
    }

    @Override
    public int localNodeId() {
        return ring.localNodeId();
    }

    @Override
    public McastResult mcast(TotemPgGroup group, ByteBuffer... iov) {
        McastResult r = ring.mcast(group, iov);
        if (r == McastResult.OK && group.equals(TotemPgGroup.A)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuffer b : iov) {
                byte[] bytes = new byte[b.remaining()];
                b.duplicate().get(bytes);
                out.writeBytes(bytes);
            }
            sentOnA.add(out.toByteArray());
        }
        return r;
    }

    @Override
    public boolean canMcast(TotemPgGroup group, int applicationBytes) {
        return ring.canMcast(group, applicationBytes);
    }

    @Override
    public void join(TotemPgGroup group, TotemPgListener listener) {
        ring.join(group, listener);
    }

    @Override
    public void leave(TotemPgGroup group) {
        ring.leave(group);
    }

    @Override
    public void addTokenListener(Runnable listener) {
        ring.addTokenListener(listener);
    }

    @Override
    public void removeTokenListener(Runnable listener) {
        ring.removeTokenListener(listener);
    }

    @Override
    public void acknowledgeTransition() {
        ring.acknowledgeTransition();
    }

    @Override
    public void execute(Runnable task) {
        ring.execute(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return ring.schedule(task, delayMillis);
    }

    @Override
    public boolean inEventLoop() {
        return ring.inEventLoop();
    }
}
