package io.chorus.crypto;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code totem.threads: N}: runs crypto work (seal before sending, open after receiving) on N worker threads
 * and hands the results back to one {@link Executor} — the ring's event loop — <em>in submission order</em>,
 * so the protocol core never sees packets reordered by the parallelism.
 *
 * <p>A {@link Job} is two halves: {@link Job#work()} runs on some crypto thread (in parallel with other jobs),
 * {@link Job#complete()} runs on the executor, strictly in the order the jobs were submitted, each after its own
 * {@code work()} has returned (happens-before). With {@code threads == 0} both halves run inline on the
 * submitting thread, at once.
 *
 * <p>At most {@code capacity} jobs are in flight (submitted, not yet completed): {@link #trySubmit} returns false
 * beyond that — an event loop should use it and drop the datagram, as a full socket buffer would — and
 * {@link #submit} waits. The slots are a preallocated ring, and the hand-back is one reusable task: the pipeline
 * allocates nothing per job (callers that pool their {@code Job} objects allocate nothing either).
 *
 * <p>If {@code work()} or {@code complete()} throws, the failure is counted ({@link #failures()}) and the order
 * is kept: {@code complete()} still runs after a failed {@code work()}. {@link #close()} stops accepting jobs;
 * jobs already submitted still run and complete.
 */
public final class OrderedCryptoPipeline implements AutoCloseable {

    /** One unit of crypto work and its in-order continuation. */
    public interface Job {
        /** Runs on a crypto thread (or inline with 0 threads). */
        void work();

        /** Runs on the pipeline's executor, in submission order, after {@link #work()}. */
        void complete();
    }

    private static final class Slot {
        Job job;
        long seq = -1;
        volatile boolean done;
    }

    private static final Slot POISON = new Slot();

    private final int threads;
    private final int capacity;
    private final Executor deliverTo;
    private final Slot[] ring;
    private final Semaphore permits;
    private final ArrayBlockingQueue<Slot> queue;
    private final Thread[] workers;
    private final Object submitLock = new Object();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainer = this::drain;
    private final AtomicLong failures = new AtomicLong();
    private long head;
    private volatile long tail;
    private volatile boolean closed;
    private boolean poisoned;

    /**
     * @param threads   crypto threads, 0 for inline (Corosync caps {@code threads} at 16; so does the config)
     * @param capacity  jobs in flight at most (ignored when inline)
     * @param deliverTo where {@link Job#complete()} runs; it must run the tasks it is given one at a time
     *                  (an event loop, a single-thread executor)
     * @param name      thread name prefix, e.g. {@code chorus-crypto-ring0}
     */
    public OrderedCryptoPipeline(int threads, int capacity, Executor deliverTo, String name) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads < 0: " + threads);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        this.threads = threads;
        this.capacity = capacity;
        this.deliverTo = deliverTo;
        if (threads == 0) {
            ring = null;
            permits = null;
            queue = null;
            workers = new Thread[0];
            return;
        }
        if (deliverTo == null) {
            throw new IllegalArgumentException("an executor is needed with threads > 0");
        }
        ring = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            ring[i] = new Slot();
        }
        permits = new Semaphore(capacity);
        queue = new ArrayBlockingQueue<>(capacity + threads);
        workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, name + "-" + i);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    public int capacity() {
        return capacity;
    }

    /** Jobs submitted and not yet completed. */
    public long inFlight() {
        if (threads == 0) {
            return 0;
        }
        synchronized (submitLock) {
            return head - tail;
        }
    }

    /** Jobs whose work() or complete() threw. */
    public long failures() {
        return failures.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Submits without waiting; false when {@code capacity} jobs are in flight or the pipeline is closed. */
    public boolean trySubmit(Job job) {
        if (closed) {
            return false;
        }
        if (threads == 0) {
            runInline(job);
            return true;
        }
        if (!permits.tryAcquire()) {
            return false;
        }
        return enqueue(job);
    }

    /**
     * Submits, waiting while {@code capacity} jobs are in flight.
     *
     * @throws IllegalStateException when the pipeline is (or gets) closed
     */
    public void submit(Job job) throws InterruptedException {
        if (threads == 0) {
            if (closed) {
                throw new IllegalStateException("crypto pipeline closed");
            }
            runInline(job);
            return;
        }
        while (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            if (closed) {
                throw new IllegalStateException("crypto pipeline closed");
            }
        }
        if (!enqueue(job)) {
            throw new IllegalStateException("crypto pipeline closed");
        }
    }

    private void runInline(Job job) {
        try {
            job.work();
        } catch (Throwable t) {
            failures.incrementAndGet();
        }
        try {
            job.complete();
        } catch (Throwable t) {
            failures.incrementAndGet();
        }
    }

    private boolean enqueue(Job job) {
        synchronized (submitLock) {
            if (closed) {
                permits.release();
                return false;
            }
            long seq = head++;
            Slot s = ring[(int) (seq % capacity)];
            s.job = job;
            s.seq = seq;
            queue.add(s); // never full: at most capacity slots plus one poison per thread
            return true;
        }
    }

    private void work() {
        for (;;) {
            Slot s;
            try {
                s = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (s == POISON) {
                return;
            }
            try {
                s.job.work();
            } catch (Throwable t) {
                failures.incrementAndGet();
            }
            long seq = s.seq;
            s.done = true;
            // Only the job at the tail can unblock delivery; if the tail moves here meanwhile, the drain sees done.
            if (tail == seq && drainScheduled.compareAndSet(false, true)) {
                schedule();
            }
        }
    }

    private void schedule() {
        try {
            deliverTo.execute(drainer);
        } catch (RejectedExecutionException e) {
            // The event loop is gone: nothing can be delivered any more.
            closed = true;
        }
    }

    /** On the executor: completes every finished job at the tail, in order. */
    private void drain() {
        for (;;) {
            for (;;) {
                long t = tail;
                Slot s = ring[(int) (t % capacity)];
                if (!s.done || s.seq != t) {
                    break;
                }
                Job job = s.job;
                s.job = null;
                s.done = false;
                tail = t + 1;
                permits.release();
                try {
                    job.complete();
                } catch (Throwable e) {
                    failures.incrementAndGet();
                }
            }
            drainScheduled.set(false);
            long t = tail;
            Slot s = ring[(int) (t % capacity)];
            if (!(s.done && s.seq == t) || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Stops accepting jobs; those submitted still run and complete; the threads end when the queue is empty. */
    @Override
    public void close() {
        synchronized (submitLock) {
            closed = true;
            if (queue != null && !poisoned) {
                poisoned = true;
                for (int i = 0; i < threads; i++) {
                    queue.add(POISON);
                }
            }
        }
    }

    /** Waits for the crypto threads to end after {@link #close()}; true when they all have. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !t.isAlive();
            }
            TimeUnit.NANOSECONDS.timedJoin(t, left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
