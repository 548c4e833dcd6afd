package io.chorus.executive.internal;

import io.chorus.api.RingView;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.wire.LittleEndian;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.wire.ExecHeader;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPg;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * What one loaded engine sees of the executive. After the engine is unloaded its scheduled tasks are
 * cancelled and further calls to {@link #multicast} fail: a stopped engine must not speak for the node.
 */
final class EngineContextImpl implements EngineContext {

    private final EngineInfo info;
    private final ClusterRing ring;
    private final AdmissionControl admission;
    private final Supplier<RingView> view;
    private final Executor blocking;
    private final Map<String, Long> statistics;
    private final Set<ScheduledFuture<?>> timers = ConcurrentHashMap.newKeySet();
    /** Reused: totempg copies the message before mcast returns, and multicast runs on the event loop only. */
    private final ByteBuffer header = ByteBuffer.allocate(ExecHeader.SIZE);
    /** Messages of {@link #multicastWhenAdmitted} the ring refused for now, oldest first; on the loop. */
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    /** Sends the kept messages once each token has left. */
    private final RetryAfterToken retries;
    private volatile Map<String, String> stanza;
    private volatile boolean closed;

    /** A refused message and a copy of its body (the engine may reuse its buffers once the call returns). */
    private record Kept(int fn, ByteBuffer body) { }

    EngineContextImpl(EngineInfo info, ClusterRing ring, AdmissionControl admission,
            Supplier<RingView> view, Executor blocking, Map<String, String> stanza, Map<String, Long> statistics) {
        this.info = info;
        this.ring = ring;
        this.admission = admission;
        this.view = view;
        this.blocking = blocking;
        this.stanza = Map.copyOf(stanza);
        this.statistics = statistics;
        this.retries = new RetryAfterToken(ring, () -> !kept.isEmpty(), this::sendKept);
    }

    @Override
    public int localNodeId() {
        return ring.localNodeId();
    }

    @Override
    public RingView currentView() {
        return view.get();
    }

    @Override
    public Admission multicast(int fn, ByteBuffer... body) {
        long total = checkedSize(body);
        Admission verdict = admission.multicast(info.id(), (int) Math.min(total, Integer.MAX_VALUE));
        if (verdict != Admission.ACCEPTED) {
            return verdict;
        }
        ExecHeader.write(header, info.id(), fn, (int) total);
        ByteBuffer[] iov = new ByteBuffer[body.length + 1];
        iov[0] = header;
        System.arraycopy(body, 0, iov, 1, body.length);
        McastResult r = ring.mcast(TotemPgGroup.A, iov);
        return switch (r) {
            case OK -> Admission.ACCEPTED;
            case TRY_AGAIN -> Admission.TRY_AGAIN;
            case TOO_LARGE -> Admission.TOO_BIG;
        };
    }

    @Override
    public void multicastWhenAdmitted(int fn, ByteBuffer... body) {
        long total = checkedSize(body);
        if (total > TotemPg.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("exec message " + fn + " of " + info.name() + " can never be sent: "
                    + Admission.TOO_BIG + " (" + total + " bytes)");
        }
        if (kept.isEmpty()) {
            if (multicast(fn, body) == Admission.ACCEPTED) {  // totempg copies; positions are not moved
                return;
            }
            retries.arm();
        }
        kept.add(new Kept(fn, LittleEndian.copyOf(body)));
    }

    /** As many kept messages as the ring takes now, in order ({@link RetryAfterToken}; each was measured). */
    private void sendKept() {
        while (!closed && !kept.isEmpty()) {
            Kept k = kept.peek();
            if (multicast(k.fn(), k.body()) != Admission.ACCEPTED) {
                return;
            }
            kept.poll();
        }
        kept.clear();
    }

    /** The exec message's size (header included), after the checks every multicast makes. */
    private long checkedSize(ByteBuffer[] body) {
        if (closed) {
            throw new IllegalStateException("service " + info.name() + " is unloaded");
        }
        if (!ring.inEventLoop()) {
            throw new IllegalStateException("multicast is for the ring's event loop; use execute()");
        }
        long total = ExecHeader.SIZE;
        for (ByteBuffer b : body) {
            total += b.remaining();
        }
        return total;
    }

    /** Messages kept by {@link #multicastWhenAdmitted} and not sent yet (statistics, tests); on the loop. */
    int keptMessages() {
        return kept.size();
    }

    @Override
    public boolean syncInProgress() {
        return admission.syncing(info.id());
    }

    @Override
    public void execute(Runnable task) {
        ring.execute(() -> {
            if (!closed) {
                task.run();
            }
        });
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = ring.schedule(() -> {
            timers.remove(self[0]);
            if (!closed) {
                task.run();
            }
        }, delayMillis);
        timers.add(self[0]);
        return self[0];
    }

    @Override
    public Executor blockingExecutor() {
        return blocking;
    }

    @Override
    public Map<String, String> stanza() {
        return stanza;
    }

    void stanza(Map<String, String> keys) {
        this.stanza = Map.copyOf(keys);
    }

    @Override
    public void publishStatistic(String key, long value) {
        statistics.put("runtime.services." + info.name() + "." + key, value);
    }

    void close() {
        closed = true;
        if (ring.inEventLoop() && !kept.isEmpty()) {
            kept.clear();
            retries.disarm();
        }
        timers.forEach(t -> t.cancel(false));
        timers.clear();
        statistics.keySet().removeIf(k -> k.startsWith("runtime.services." + info.name() + "."));
    }
}
