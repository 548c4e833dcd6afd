package io.chorus.totem.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** Messages waiting for the token, oldest first, with a bound so that admission control can say TRY_AGAIN. */
final class PendingQueue {

    private final ArrayDeque<ByteBuffer> messages = new ArrayDeque<>();
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

    void add(ByteBuffer message) {
        messages.addLast(message);
    }

    ByteBuffer poll() {
        return messages.pollFirst();
    }

    void clear() {
        messages.clear();
    }
}
