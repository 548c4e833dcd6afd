package io.chorus.totem.pg;

import io.chorus.totem.TotemCore;
import java.nio.ByteBuffer;

/**
 * Where complete totempg packets go: the SRP send queue in production ({@link #of(TotemCore)}), a recording
 * fake in tests. One packet is one SRP payload of at most {@code TotemParameters.maxPayload()} bytes.
 */
public interface PacketSink {

    /**
     * Queues one packet for agreed-order sending. The bytes from position to limit must be copied before
     * returning: the packer reuses the buffer. Returns false when the queue is full.
     */
    boolean send(ByteBuffer packet);

    /**
     * As {@link #send(ByteBuffer)}, the packet being {@code head} followed by {@code body} (the packer's header and
     * length table, then its data area), so that the queue copies each once into its frame instead of the packer
     * first joining them. By default they are joined here.
     */
    default boolean send(ByteBuffer head, ByteBuffer body) {
        ByteBuffer packet = ByteBuffer.allocate(head.remaining() + body.remaining());
        packet.put(head.duplicate()).put(body.duplicate()).flip();
        return send(packet);
    }

    /** How many more packets {@link #send} would accept now. */
    int free();

    /**
     * A message waits in a partly filled packet until the token comes: if the ring is idle and its
     * representative holds the token, ask for it now (Corosync's totempg does the same when it registers its
     * token callback), instead of waiting up to {@code hold} ms.
     */
    default void tokenWanted() {
    }

    static PacketSink of(TotemCore core) {
        return new PacketSink() {
            @Override
            public boolean send(ByteBuffer packet) {
                return core.send(packet);
            }

            @Override
            public boolean send(ByteBuffer head, ByteBuffer body) {
                return core.send(head, body);
            }

            @Override
            public int free() {
                return core.sendQueueFree();
            }

            @Override
            public void tokenWanted() {
                core.requestToken();
            }
        };
    }
}
