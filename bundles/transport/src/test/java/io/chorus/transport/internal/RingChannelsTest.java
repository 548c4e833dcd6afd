package io.chorus.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assume.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.Test;

/**
 * The {@code udp} send socket's {@code ttl}: the multicast TTL (IPv4) or hop limit (IPv6), never the unicast TTL.
 * Netty's epoll {@code setTimeToLive} sets {@code IP_TTL}: a udp ring with {@code ttl: 1} (the default) sent its
 * tokens with a unicast TTL of 1, a larger ttl never reached the multicasts, and IPv6 multicasts kept a hop limit of 1.
 */
public class RingChannelsTest {

    private static final IntegerUnixChannelOption IP_TTL = new IntegerUnixChannelOption("IP_TTL", 0, 2);

    @Test
    public void ipv4TtlIsTheMulticastTtl() throws Exception {
        check(SocketProtocolFamily.INET, "127.0.0.1", RingChannels.IP_MULTICAST_TTL, false);
    }

    @Test
    public void ipv6TtlIsTheMulticastHopLimit() throws Exception {
        check(SocketProtocolFamily.INET6, "::1", RingChannels.IPV6_MULTICAST_HOPS, true);
    }

    @Test
    public void aUdpuMulticastGoesToEveryOtherNodeKnownByNodeidNotByAddress() throws Exception {
        InetAddress a = InetAddress.getByName("10.9.0.1");
        InetAddress b = InetAddress.getByName("10.9.0.2");
        java.util.Map<Integer, InetSocketAddress> targets = new java.util.LinkedHashMap<>();
        targets.put(1, new InetSocketAddress(a, 5405));
        targets.put(2, new InetSocketAddress(a, 5405));  // another node listed at this node's address
        targets.put(3, new InetSocketAddress(b, 5405));
        assertEquals(java.util.List.of(new InetSocketAddress(a, 5405), new InetSocketAddress(b, 5405)),
                java.util.List.of(RingChannels.othersOf(targets, 1)));
        assertEquals(java.util.List.of(new InetSocketAddress(a, 5405), new InetSocketAddress(a, 5405)),
                java.util.List.of(RingChannels.othersOf(targets, 3)));
    }

    private static void check(SocketProtocolFamily family, String loopback, IntegerUnixChannelOption option,
                              boolean ipv6) throws Exception {
        assumeTrue("epoll is not available", Epoll.isAvailable());
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            EpollDatagramChannel ch = new EpollDatagramChannel(family);
            loop.register(ch).sync();
            try {
                ch.bind(new InetSocketAddress(InetAddress.getByName(loopback), 0)).sync();
            } catch (Exception e) {
                assumeTrue("no " + loopback + " here: " + e, false);
            }
            int unicastBefore = ch.config().getOption(IP_TTL);
            RingChannels.setMulticastTtl(ch, 7, ipv6);
            assertEquals(7, (int) ch.config().getOption(option));
            if (!ipv6) {
                assertEquals("the unicast TTL (tokens) is left alone", unicastBefore, (int) ch.config().getOption(IP_TTL));
                assertNotEquals(7, unicastBefore);
            }
            ch.close().sync();
        } finally {
            loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
