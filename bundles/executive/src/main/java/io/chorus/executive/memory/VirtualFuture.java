package io.chorus.executive.memory;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A task scheduled on the virtual clock; it can be cancelled but not waited for (nothing else runs time). */
final class VirtualFuture implements ScheduledFuture<Object> {

    private final MemoryNetwork network;
    private final long at;
    private boolean cancelled;
    private boolean done;

    VirtualFuture(MemoryNetwork network, long at) {
        this.network = network;
        this.at = at;
    }

    long at() {
        return at;
    }

    void runIfNotCancelled(Runnable action) {
        if (!cancelled) {
            done = true;
            action.run();
        }
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(at - network.now(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
        return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (done || cancelled) {
            return false;
        }
        cancelled = true;
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return done || cancelled;
    }

    @Override
    public Object get() {
        throw new UnsupportedOperationException("virtual time: run the MemoryNetwork instead of waiting");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
        return get();
    }
}
