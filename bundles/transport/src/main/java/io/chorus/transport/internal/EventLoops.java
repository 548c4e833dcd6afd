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

    public static EventLoopGroup newLoop(String name) {
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
