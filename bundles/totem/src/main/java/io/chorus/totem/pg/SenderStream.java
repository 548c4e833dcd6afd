package io.chorus.totem.pg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reassembly state of one sender: the message being rejoined from fragments, the fragment id its last
 * packet ended with, and whether the sender's chain is broken and its pieces are being thrown away.
 */
final class SenderStream {

    /** Buffers up to this size are kept for the next fragmented message; larger ones are released. */
    static final int RETAINED_BUFFER = 128 * 1024;

    final int nodeId;
    /** Fragment id of the incomplete last message of this sender's previous packet; 0 when none. */
    int lastFragment;
    /** The chain is broken: the next continuation piece (and everything up to the end of that chain) is dropped. */
    boolean discarding;

    private byte[] buffer;
    private ByteBuffer view;
    private int length;

    SenderStream(int nodeId) {
        this.nodeId = nodeId;
    }

    int length() {
        return length;
    }

    /** Whether a partly assembled message is held. */
    boolean assembling() {
        return lastFragment != 0;
    }

    /** Appends {@code n} bytes from {@code source} at absolute {@code index}; false if it would pass {@code max}. */
    boolean append(ByteBuffer source, int index, int n, int max) {
        int needed = length + n;
        if (needed > max) {
            return false;
        }
        if (buffer == null || buffer.length < needed) {
            int size = Math.max(needed, buffer == null ? 2048 : Math.min(max, Math.max(buffer.length * 2, needed)));
            byte[] grown = new byte[size];
            if (length > 0) {
                System.arraycopy(buffer, 0, grown, 0, length);
            }
            buffer = grown;
            view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        }
        source.get(index, buffer, length, n);
        length = needed;
        return true;
    }

    /** The assembled message as a window over the reused buffer (valid until the next append or reset). */
    ByteBuffer message() {
        view.limit(length).position(0);
        return view;
    }

    /** Forgets the partial message; keeps a modest buffer for the next one. */
    void reset() {
        length = 0;
        lastFragment = 0;
        if (buffer != null && buffer.length > RETAINED_BUFFER) {
            buffer = null;
            view = null;
        }
    }

    /** Bytes of buffer held (for tests and status). */
    int capacity() {
        return buffer == null ? 0 : buffer.length;
    }
}
