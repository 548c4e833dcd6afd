package io.chorus.totem.internal;

import java.nio.ByteBuffer;

/**
 * Received and sent messages of one ring indexed by their sequence number (Corosync's sort queue): a ring
 * buffer of 16384 slots, so a slot is {@code seq mod 16384}. Each slot keeps the whole MCAST (header and
 * payload, in the sender's byte order) for delivery and for retransmission, plus how many token visits it
 * has been missing (the miss count that delays retransmission requests). The queue retains the frames it
 * holds and releases them when it forgets them.
 */
final class SortQueue {

    static final int CAPACITY = 16384;
    private static final int MASK = CAPACITY - 1;

    private final MessageBuffer[] messages = new MessageBuffer[CAPACITY];
    private final int[] bases = new int[CAPACITY];
    private final int[] missCounts = new int[CAPACITY];
    private int headSeq;

    /** Empties the queue; the next message expected is above {@code startSeq}. */
    void reset(int startSeq) {
        for (int slot = 0; slot < CAPACITY; slot++) {
            forget(slot);
            missCounts[slot] = 0;
        }
        headSeq = startSeq;
    }

    /** Whether {@code seq} falls inside the window the queue can hold now. */
    boolean inRange(int seq) {
        return Seq.lte(headSeq, seq) && Seq.lt(seq, headSeq + CAPACITY);
    }

    boolean holds(int seq) {
        return inRange(seq) && messages[seq & MASK] != null;
    }

    /** The stored MCAST at {@code seq}, or null; its header starts at {@link #base(int)}. */
    ByteBuffer get(int seq) {
        MessageBuffer frame = inRange(seq) ? messages[seq & MASK] : null;
        return frame == null ? null : frame.buffer;
    }

    MessageBuffer frame(int seq) {
        return inRange(seq) ? messages[seq & MASK] : null;
    }

    int base(int seq) {
        return bases[seq & MASK];
    }

    /** Stores (and retains) a message whose MCAST header starts at {@code base} of the frame. */
    void put(int seq, MessageBuffer message, int base) {
        int slot = seq & MASK;
        forget(slot);
        message.retain();
        messages[slot] = message;
        bases[slot] = base;
        missCounts[slot] = 0;
    }

    /** One more token visit without {@code seq}; returns the new count. */
    int countMiss(int seq) {
        return ++missCounts[seq & MASK];
    }

    /** Forgets every message up to and including {@code seq}: the whole ring has it. */
    void releaseThrough(int seq) {
        while (Seq.lte(headSeq, seq)) {
            int slot = headSeq & MASK;
            forget(slot);
            missCounts[slot] = 0;
            headSeq++;
        }
    }

    /** Makes this queue a copy of {@code other} (the recovery queue becomes the regular one). */
    void copyFrom(SortQueue other) {
        for (int slot = 0; slot < CAPACITY; slot++) {
            forget(slot);
            MessageBuffer frame = other.messages[slot];
            if (frame != null) {
                frame.retain();
            }
            messages[slot] = frame;
        }
        System.arraycopy(other.bases, 0, bases, 0, CAPACITY);
        System.arraycopy(other.missCounts, 0, missCounts, 0, CAPACITY);
        headSeq = other.headSeq;
    }

    private void forget(int slot) {
        MessageBuffer frame = messages[slot];
        if (frame != null) {
            messages[slot] = null;
            frame.release();
        }
    }
}
