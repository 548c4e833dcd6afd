package io.chorus.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multicasts a ring has written since its last flush (a token's burst), sent to every destination when the ring
 * flushes. Where the kernel offers UDP segmentation offload ({@code UDP_SEGMENT}, Linux 4.18+), consecutive packets
 * of one size (the last of a run may be shorter) leave in one send per destination and the kernel cuts them into
 * exactly the datagrams one send each would have made, as late as it can: one pass through the IP stack (and a
 * bridge, netfilter and the receiver's wake-up) per run instead of per packet. The wire is unchanged, so Corosync
 * peers see ordinary datagrams. Loop only.
 */
final class MulticastBurst {
    private static final Logger LOG = LoggerFactory.getLogger(MulticastBurst.class);

    /** Segments per send: the kernel's {@code UDP_MAX_SEGMENTS} was 64 before Linux 6.x raised it. */
    static final int MAX_SEGMENTS = 64;
    /** Bytes per send: a UDP datagram's payload is at most 65 507 B (IPv4); a margin for IPv6 extension headers. */
    static final int MAX_RUN_BYTES = 65_000;

    private final List<ByteBuf> packets = new ArrayList<>();
    private int bytes;
    private final int ringNumber;
    /** The largest packet the kernel will segment (the interface's MTU less IP and UDP headers); 0: no offload. */
    private int maxSegmentSize;
    private final ChannelFutureListener onSegmentedSendFailed = f -> {
        if (!f.isSuccess()) {
            refuseOffload(f.cause());
        }
    };

    MulticastBurst(int ringNumber, int maxSegmentSize) {
        this.ringNumber = ringNumber;
        this.maxSegmentSize = maxSegmentSize;
    }

    /** Takes over the buffer's reference. */
    void add(ByteBuf sealed) {
        packets.add(sealed);
        bytes += sealed.readableBytes();
    }

    /**
     * Whether the packets written so far fill a segmented send: then they can leave at once, while the rest of the
     * token's burst is still being built (and sealed), so the receivers start on them that much earlier. The same
     * sends as at the token, only sooner; flushing every 16 or 32 KB instead cost more wake-ups than it saved (bench,
     * 8 KiB with aes256: 26.1k and 28.2k msg/s against 26.8-29.3k).
     */
    boolean full() {
        return bytes >= MAX_RUN_BYTES || packets.size() >= MAX_SEGMENTS;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    boolean offloading() {
        return maxSegmentSize > 0;
    }

    /** Drops what was written and not sent (the ring closes). */
    void discard() {
        for (ByteBuf p : packets) {
            p.release();
        }
        packets.clear();
        bytes = 0;
    }

    /** Writes every packet to every target, in order, without flushing the channel; then forgets them. */
    void writeTo(DatagramChannel ch, InetSocketAddress[] targets) {
        try {
            if (targets.length == 0) {
                return;
            }
            for (int from = 0, end; from < packets.size(); from = end) {
                end = offloading() ? runEnd(packets, from, maxSegmentSize) : from + 1;
                if (end - from == 1) {
                    ByteBuf packet = packets.get(from);
                    for (InetSocketAddress to : targets) {
                        ch.write(new DatagramPacket(packet.retainedDuplicate(), to), ch.voidPromise());
                    }
                } else {
                    writeRun(ch, targets, from, end);
                }
            }
        } finally {
            discard();
        }
    }

    private void writeRun(DatagramChannel ch, InetSocketAddress[] targets, int from, int end) {
        CompositeByteBuf run = ch.alloc().compositeDirectBuffer(end - from);
        for (int i = from; i < end; i++) {
            run.addComponent(true, packets.get(i).retainedDuplicate());
        }
        int segmentSize = packets.get(from).readableBytes();
        for (int t = 0; t < targets.length; t++) {
            ByteBuf content = t == targets.length - 1 ? run : run.retainedDuplicate();
            ch.write(new SegmentedDatagramPacket(content, segmentSize, targets[t]),
                    ch.newPromise().addListener(onSegmentedSendFailed));
        }
    }

    /**
     * The end (exclusive) of the run that starts at {@code from}: the packets one segmented send can carry, all of the
     * first packet's size but the last, which may be shorter; a single packet where nothing can be joined to it.
     */
    static int runEnd(List<ByteBuf> packets, int from, int maxSegmentSize) {
        int segment = packets.get(from).readableBytes();
        int end = from + 1;
        if (segment > maxSegmentSize) {
            return end;
        }
        int bytes = segment;
        while (end < packets.size() && end - from < MAX_SEGMENTS) {
            int size = packets.get(end).readableBytes();
            if (size > segment || size == 0 || bytes + size > MAX_RUN_BYTES) {
                break;
            }
            bytes += size;
            end++;
            if (size < segment) {
                break;  // the kernel makes every segment but the last exactly segment bytes long
            }
        }
        return end;
    }

    /**
     * The kernel refused a segmented send (a device without checksum offload answers EIO, a path MTU below the
     * segment size EINVAL): from now on one datagram per packet. The refused run is lost like a dropped datagram and
     * Totem retransmits it.
     */
    private void refuseOffload(Throwable cause) {
        if (offloading()) {
            maxSegmentSize = 0;
            LOG.warn("ring {}: the kernel refused UDP segmentation offload ({}); sending one datagram per packet from now on",
                    ringNumber, cause == null ? "no reason given" : cause.toString());
        }
    }
}
