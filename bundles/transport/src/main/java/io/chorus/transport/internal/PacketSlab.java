package io.chorus.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Outgoing packets cut one after another from a pooled direct buffer of {@link #SLAB_BYTES}, instead of one pooled
 * buffer each: a token's burst of a hundred packets then costs the pool (and Netty's sampled leak tracking) two or
 * three allocations instead of a hundred, and its packets lie side by side in memory as the segmented sends read
 * them. Each packet is a retained slice, so a slab goes back to the pool once its last packet was sent (or dropped)
 * and the slab itself was left for the next one. One thread only (the ring's loop).
 */
public final class PacketSlab {

    /** A 64 KiB slab holds a segmented send's worth of full-sized packets (MulticastBurst's run limit). */
    static final int SLAB_BYTES = 64 * 1024;

    private final ByteBufAllocator alloc;
    private ByteBuf slab;

    public PacketSlab(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** An empty buffer of exactly {@code size} bytes capacity (writer index 0), owned by the caller. */
    public ByteBuf take(int size) {
        if (slab == null || slab.writableBytes() < size) {
            release();
            slab = alloc.directBuffer(Math.max(SLAB_BYTES, size), Math.max(SLAB_BYTES, size));
        }
        ByteBuf packet = slab.retainedSlice(slab.writerIndex(), size);
        slab.writerIndex(slab.writerIndex() + size);
        return packet.writerIndex(0);
    }

    /** Lets the current slab go (its packets keep it until they are released). */
    public void release() {
        if (slab != null) {
            slab.release();
            slab = null;
        }
    }
}
