package io.chorus.transport.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ResourceLeakDetector;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.ThreadFactory;

/** Epoll where the native transport loads, NIO otherwise; one single-threaded loop per Totem ring. */
public final class EventLoops {
    private EventLoops() { }

    /** Set {@code -Dchorus.transport.nio=true} to force NIO (diagnosis). */
    public static boolean epoll() {
        return !Boolean.getBoolean("chorus.transport.nio") && Epoll.isAvailable();
    }

    /** The system property that sets Netty's leak detection level; a node leaves it alone when it is set. */
    static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    /**
     * Turns Netty's leak detector off unless {@value #LEAK_DETECTION_PROPERTY} is set. Its default level samples one
     * buffer in 128 with a stack trace, and then every slice derived from a sampled buffer: a sampled packet slab
     * traces all its packets. At a saturated ring that was 3-5 % of the sending node's CPU (async-profiler, 64 KiB
     * CPG messages), and a node runs saturated for hours. The builds' tests set the property, so they still report
     * leaks.
     */
    public static void applyLeakDetectionDefault() {
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    public static EventLoopGroup newLoop(String name) {
        applyLeakDetectionDefault();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
        return new MultiThreadIoEventLoopGroup(1, threads, epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public static DatagramChannel newDatagramChannel(InetAddress family) {
        SocketProtocolFamily f = family instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        return epoll() ? new EpollDatagramChannel(f) : new NioDatagramChannel(f);
    }
}
