package io.chorus.totem.sim;

import java.util.PriorityQueue;

/**
 * The virtual clock and everything scheduled on it. Time is in microseconds so that sub-millisecond
 * network latencies order correctly against millisecond timers. Events at the same instant run in the
 * order they were scheduled (a sequence number breaks ties), which is what makes a run reproducible.
 */
final class EventQueue {

    /** A scheduled action; {@link #cancel()} keeps it from running (timers are cancelled this way). */
    static final class Event implements Comparable<Event> {
        final long time;
        private final long order;
        private final Runnable action;
        private boolean cancelled;

        private Event(long time, long order, Runnable action) {
            this.time = time;
            this.order = order;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        boolean isCancelled() {
            return cancelled;
        }

        @Override
        public int compareTo(Event o) {
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long scheduled;
    private long executed;

    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    Event at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + time + " < " + now);
        }
        Event event = new Event(time, scheduled++, action);
        queue.add(event);
        return event;
    }

    Event after(long delayMicros, Runnable action) {
        return at(now + delayMicros, action);
    }

    /**
     * Runs the next live event if it is due no later than {@code until}; returns false when there is none.
     * The clock jumps to the event's time: nothing happens between events.
     */
    boolean runNext(long until) {
        while (true) {
            Event next = queue.peek();
            if (next == null || next.time > until) {
                return false;
            }
            queue.poll();
            if (next.cancelled) {
                continue;
            }
            now = next.time;
            executed++;
            next.action.run();
            return true;
        }
    }

    /** Moves the clock to {@code time} once every earlier event has run (used at the end of a phase). */
    void advanceTo(long time) {
        if (time > now) {
            now = time;
        }
    }

    int pending() {
        return queue.size();
    }
}
