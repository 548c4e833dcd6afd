package io.chorus.transport.internal;

import io.netty.channel.epoll.EpollDatagramChannel;
import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Whether a ring's multicasts may leave with UDP segmentation offload, and up to which packet size: the epoll
 * transport with a kernel that has {@code UDP_SEGMENT}, segments no larger than the ring interface's MTU less the IP
 * and UDP headers (the kernel refuses larger ones; a larger netmtu is fragmented one datagram at a time as before).
 * Receive sockets then take such bursts whole ({@code UDP_GRO}). {@code -Dchorus.transport.gso=false} turns both off
 * (diagnosis, comparisons).
 */
final class SegmentationOffload {
    private SegmentationOffload() { }

    /** A coalesced (UDP_GRO) read: the largest datagram a segmented burst or the kernel's GRO can make. */
    static final int COALESCED_READ_BYTES = 65_536;

    /** Whether receive sockets take segmented bursts whole ({@code UDP_GRO}, Linux 5.0+; same switch as sending). */
    static boolean receiveCoalesced() {
        return available();
    }

    static boolean available() {
        return EventLoops.epoll() && !"false".equals(System.getProperty("chorus.transport.gso"))
                && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    /** The largest packet a segmented send may carry on this ring; 0: none (offload off or the MTU unknown). */
    static int maxSegmentSize(RingPlan plan) {
        if (!available() || plan.local() == null) {
            return 0;
        }
        try {
            NetworkInterface nif = plan.nif() != null ? plan.nif() : NetworkInterface.getByInetAddress(plan.local());
            int mtu = nif == null ? 0 : nif.getMTU();
            int headers = (plan.local() instanceof Inet6Address ? 40 : 20) + 8;
            return mtu > headers ? mtu - headers : 0;
        } catch (SocketException e) {
            return 0;
        }
    }
}
