package io.chorus.totem.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * A pooled, reference-counted frame holding one MCAST. A message can be held at once by a send queue, the
 * regular and the recovery sort queue (recovered messages are unwrapped in place), so each holder retains
 * it and releases it; the last release returns the frame to its pool. The steady-state path — send, store,
 * multicast, receive, deliver, release — allocates nothing.
 */
final class MessageBuffer {

    final ByteBuffer buffer;
    private final Pool pool;
    private int references;

    private MessageBuffer(Pool pool, int capacity) {
        this.pool = pool;
        this.buffer = ByteBuffer.allocate(capacity);
    }

    void retain() {
        references++;
    }

    void release() {
        if (--references == 0) {
            pool.recycle(this);
        } else if (references < 0) {
            throw new IllegalStateException("message buffer released more often than retained");
        }
    }

    /** Frames of one node; single-threaded like the core. */
    static final class Pool {
        private final ArrayDeque<MessageBuffer> free = new ArrayDeque<>();
        private final int frameSize;

        Pool(int frameSize) {
            this.frameSize = frameSize;
        }

        /** A cleared frame with one reference, owned by the caller. */
        MessageBuffer take(ByteOrder order) {
            MessageBuffer frame = free.pollFirst();
            if (frame == null) {
                frame = new MessageBuffer(this, frameSize);
            }
            frame.references = 1;
            frame.buffer.clear().order(order);
            return frame;
        }

        /** A frame holding a copy of the remaining bytes of {@code source}. */
        MessageBuffer copyOf(ByteBuffer source, ByteOrder order) {
            MessageBuffer frame = take(order);
            int length = source.remaining();
            frame.buffer.put(0, source, source.position(), length).limit(length); // absolute: no view per message
            return frame;
        }

        private void recycle(MessageBuffer frame) {
            free.addFirst(frame);
        }

        int frameSize() {
            return frameSize;
        }
    }
}
