package io.chorus.totem.pg;

import static io.chorus.totem.pg.TotemPgPacket.HEADER;
import static io.chorus.totem.pg.TotemPgPacket.LENGTH_ENTRY;

import io.chorus.totem.pg.TotemPgCounters.Counter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The receive side of totempg: unpacks each delivered packet, rejoins fragmented messages per sender and
 * hands every whole message to the group router.
 *
 * <h2>Checks</h2>
 * A packet is dropped whole and counted ({@code PACKETS_MALFORMED}), never thrown, when it is shorter than
 * the 8-byte header, when version or type is not 0, when the length array does not fit, when the lengths
 * add up to more than the packet holds, or when an empty packet claims a fragment or a continuation. Bytes
 * after the last message are ignored: Corosync sends a packet that a message filled "just" at full size, so
 * up to two bytes of slack follow the data.
 *
 * <h2>Broken chains: the rule implemented</h2>
 * Packets of one sender reach us in that sender's order, so a fragment chain can only break across a gap
 * (a sender that was away from our configuration, a restart, a transitional period, a garbled packet).
 * <ul>
 * <li>A packet with {@code continuation == 0} always starts clean: a message still being assembled for
 *     that sender is discarded (counted as a broken chain) and every message of the packet is used.</li>
 * <li>A packet with {@code continuation != 0} continues the held message only if that sender's last packet
 *     ended with {@code fragmented == continuation}. Otherwise the chain is broken: the held part is
 *     discarded and the sender goes into throw-away mode.</li>
 * <li>In throw-away mode the first message of each packet (the tail of a chain we cannot complete) is
 *     thrown away; the mode ends at the first packet where that chain is known to end — a packet with
 *     {@code continuation == 0}, or whose first message is followed by others or is not the fragmented
 *     last one. The other messages of that packet are used.</li>
 * </ul>
 * So one broken chain costs exactly the message it belonged to. (Corosync's own rule leaves throw-away mode
 * only on a packet with {@code fragmented} 0 or 1 and then drops that packet's first message even if it
 * starts clean; ours loses less and accepts everything Corosync sends.)
 *
 * <h2>Transitional streams</h2>
 * Corosync keeps a second set of assembly buffers, used while the SRP waits for the sync engine to
 * acknowledge a new configuration: during that window a C node sends only from a separate queue (the sync
 * traffic), while the rest of its normal queue waits, possibly in the middle of a fragment chain. Reassembling
 * both streams in one buffer would break that chain. {@link #transitionalMode(boolean)} switches to the second
 * set (cleared at each switch into it, so a stale chain of an earlier window never continues); with a Chorus
 * SRP that keeps one queue per node it simply stays off, and one set is exact. Leaving senders are freed
 * from both sets.
 *
 * <h2>Memory</h2>
 * Whole messages inside one packet are delivered as windows onto the packet (no copy); only fragmented
 * messages are copied, into a per-sender buffer reused from one message to the next.
 */
public final class TotemPgAssembler {

    /** A reassembled message may not grow past this (the largest message plus room for its group header). */
    public static final int MAX_ASSEMBLED_SIZE = TotemPg.MAX_MESSAGE_SIZE + 64 * 1024;

    private final TotemPgGroups router;
    private final TotemPgCounters counters;
    private final Streams normal = new Streams();
    private final Streams transitional = new Streams();
    private Streams active = normal;

    public TotemPgAssembler(TotemPgGroups router, TotemPgCounters counters) {
        this.router = router;
        this.counters = counters;
    }

    /**
     * One packet delivered by the SRP from {@code senderNodeId}, from position to limit. The buffer's position,
     * limit and byte order are changed while its messages are delivered and restored before this returns.
     */
    public void deliver(int senderNodeId, ByteBuffer packet) {
        int start = packet.position();
        int end = packet.limit();
        ByteOrder order = packet.order();
        try {
            packet.order(ByteOrder.LITTLE_ENDIAN);
            unpack(senderNodeId, packet, start, end);
        } finally {
            packet.order(order).limit(end).position(start);
        }
    }

    /** Frees everything held for a sender that left the configuration. */
    public void senderLeft(int nodeId) {
        normal.remove(nodeId);
        transitional.remove(nodeId);
    }

    /**
     * Switches to (true) or back from (false) the separate assembly buffers used while the SRP waits for the
     * transitional configuration to be acknowledged (Corosync's {@code waiting_trans_ack}).
     */
    public void transitionalMode(boolean on) {
        if (on && active != transitional) {
            transitional.clear();
        }
        active = on ? transitional : normal;
    }

    /** Whether anything is held for {@code nodeId} (a partial message or a reusable buffer), in either set. */
    public boolean holds(int nodeId) {
        return normal.find(nodeId) != null || transitional.find(nodeId) != null;
    }

    /** Bytes of partial message held for {@code nodeId} in the active set. */
    public int partialLength(int nodeId) {
        SenderStream s = active.find(nodeId);
        return s == null ? 0 : s.length();
    }

    /** Whether {@code nodeId}'s stream in the active set is throwing pieces away. */
    public boolean discarding(int nodeId) {
        SenderStream s = active.find(nodeId);
        return s != null && s.discarding;
    }

    private void unpack(int sender, ByteBuffer p, int start, int end) {
        int size = end - start;
        if (size < HEADER || TotemPgPacket.u16(p, start + TotemPgPacket.VERSION) != 0
                || TotemPgPacket.u16(p, start + TotemPgPacket.TYPE) != 0) {
            counters.increment(Counter.PACKETS_MALFORMED);
            return;
        }
        int fragmented = TotemPgPacket.u8(p, start + TotemPgPacket.FRAGMENTED);
        int continuation = TotemPgPacket.u8(p, start + TotemPgPacket.CONTINUATION);
        int count = TotemPgPacket.u16(p, start + TotemPgPacket.MSG_COUNT);
        int dataAt = start + HEADER + LENGTH_ENTRY * count;
        if (dataAt > end || (count == 0 && (fragmented != 0 || continuation != 0))) {
            counters.increment(Counter.PACKETS_MALFORMED);
            return;
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += TotemPgPacket.u16(p, start + HEADER + LENGTH_ENTRY * i);
        }
        if (dataAt + total > end) {
            counters.increment(Counter.PACKETS_MALFORMED);
            return;
        }
        counters.increment(Counter.PACKETS_RECEIVED);
        if (count == 0) {
            return;
        }
        SenderStream s = active.get(sender);
        boolean firstContinues = beginPacket(s, continuation);
        int at = dataAt;
        for (int i = 0; i < count; i++) {
            int length = TotemPgPacket.u16(p, start + HEADER + LENGTH_ENTRY * i);
            boolean last = i == count - 1;
            boolean incomplete = last && fragmented != 0;
            if (i == 0 && continuation != 0) {
                if (firstContinues) {
                    continueChain(s, p, at, length, incomplete, fragmented);
                } else {
                    // The tail of a chain we cannot complete; the chain ends here unless it goes on.
                    counters.increment(Counter.FRAGMENTS_THROWN_AWAY);
                    s.discarding = incomplete;
                }
            } else if (incomplete) {
                s.reset();
                startChain(s, p, at, length, fragmented);
            } else {
                p.limit(at + length).position(at);
                router.route(sender, p);
                p.limit(end); // absolute reads of the following messages check against the limit
            }
            at += length;
        }
    }

    /**
     * Applies the chain rule to the packet's header; returns whether its first message continues the message
     * held for this sender.
     */
    private boolean beginPacket(SenderStream s, int continuation) {
        if (continuation == 0) {
            if (s.assembling() && !s.discarding) {
                counters.increment(Counter.BROKEN_CHAINS);
                counters.increment(Counter.FRAGMENTS_THROWN_AWAY);
            }
            s.discarding = false;
            s.reset();
            return false;
        }
        if (!s.discarding && s.assembling() && continuation == s.lastFragment) {
            return true;
        }
        if (!s.discarding) {
            counters.increment(Counter.BROKEN_CHAINS);
            if (s.assembling()) {
                counters.increment(Counter.FRAGMENTS_THROWN_AWAY);
            }
            s.discarding = true;
        }
        s.reset();
        return false;
    }

    private void continueChain(SenderStream s, ByteBuffer p, int at, int length, boolean incomplete,
            int fragmented) {
        if (!s.append(p, at, length, MAX_ASSEMBLED_SIZE)) {
            counters.increment(Counter.MESSAGES_TOO_LARGE);
            s.reset();
            s.discarding = incomplete;
            return;
        }
        if (incomplete) {
            s.lastFragment = fragmented;
            return;
        }
        router.route(s.nodeId, s.message());
        s.reset();
    }

    private void startChain(SenderStream s, ByteBuffer p, int at, int length, int fragmented) {
        if (!s.append(p, at, length, MAX_ASSEMBLED_SIZE)) {
            counters.increment(Counter.MESSAGES_TOO_LARGE);
            s.reset();
            s.discarding = true;
            return;
        }
        s.lastFragment = fragmented;
    }

    /** Sender streams by nodeid; rings are small, so a linear table beats a boxed-key map. */
    private static final class Streams {
        private SenderStream[] streams = new SenderStream[8];
        private int size;

        SenderStream find(int nodeId) {
            for (int i = 0; i < size; i++) {
                if (streams[i].nodeId == nodeId) {
                    return streams[i];
                }
            }
            return null;
        }

        SenderStream get(int nodeId) {
            SenderStream s = find(nodeId);
            if (s == null) {
                if (size == streams.length) {
                    streams = java.util.Arrays.copyOf(streams, size * 2);
                }
                s = new SenderStream(nodeId);
                streams[size++] = s;
            }
            return s;
        }

        void remove(int nodeId) {
            for (int i = 0; i < size; i++) {
                if (streams[i].nodeId == nodeId) {
                    streams[i] = streams[--size];
                    streams[size] = null;
                    return;
                }
            }
        }

        void clear() {
            java.util.Arrays.fill(streams, 0, size, null);
            size = 0;
        }
    }
}
