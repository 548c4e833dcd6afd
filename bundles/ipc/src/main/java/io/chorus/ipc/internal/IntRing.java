package io.chorus.ipc.internal;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of ints that grows as needed and boxes nothing: the request ids (and lengths) both ends
 * of an IPC connection keep for every request in flight. Not thread-safe.
 */
public final class IntRing {

    private int[] items;
    private int head;
    private int size;

    public IntRing(int initialCapacity) {
        items = new int[Math.max(1, initialCapacity)];
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    public void add(int value) {
        if (size == items.length) {
            int[] bigger = Arrays.copyOf(items, items.length * 2);
            // the wrapped part moves behind the old end
            System.arraycopy(items, 0, bigger, items.length, head);
            items = bigger;
        }
        items[(head + size) % items.length] = value;
        size++;
    }

    /** The oldest value; NoSuchElementException when empty. */
    public int peek() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return items[head];
    }

    /** Removes and returns the oldest value; NoSuchElementException when empty. */
    public int poll() {
        int value = peek();
        head = (head + 1) % items.length;
        size--;
        return value;
    }
}
