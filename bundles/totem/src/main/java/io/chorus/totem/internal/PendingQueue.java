package io.chorus.totem.internal;

import java.util.ArrayDeque;

/**
 * Messages waiting for the token, oldest first, with a bound so that admission control can say TRY_AGAIN.
 * The queue owns one reference of each frame it holds.
 */
final class PendingQueue {

    private final ArrayDeque<MessageBuffer> messages = new ArrayDeque<>();
    private int capacity;

    PendingQueue(int capacity) {
        this.capacity = capacity;
    }

    void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return messages.size() >= capacity;
    }

    int free() {
        return Math.max(0, capacity - messages.size());
    }

    int size() {
        return messages.size();
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Takes over the caller's reference. */
    void add(MessageBuffer message) {
        messages.addLast(message);
    }

    /** Hands the queue's reference to the caller. */
    MessageBuffer poll() {
        return messages.pollFirst();
    }

    /** Moves every message of this queue, in order, to the front of {@code other}. */
    void moveToFrontOf(PendingQueue other) {
        for (MessageBuffer message; (message = messages.pollLast()) != null; ) {
            other.messages.addFirst(message);
        }
    }

    void clear() {
        for (MessageBuffer message; (message = messages.pollFirst()) != null; ) {
            message.release();
        }
    }
}
