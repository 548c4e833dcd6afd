package io.chorus.transport.internal;

import io.chorus.transport.TransportException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The sockets of one ring (link) and how a token and a "multicast" leave them; {@link Udpu} and {@link Udp} follow
 * corosync-wire.md §1.0. All methods run on the ring's event loop; send methods take over the buffer's reference.
 */
public abstract class RingChannels {

    protected final int index;
    protected final RingPlan plan;
    protected final DatagramReceiver receiver;
    protected final int receiveBufferSize;
    /** nodeid → token destination ({@code <ip>:mcastport}). */
    protected final Map<Integer, InetSocketAddress> tokenTargets = new HashMap<>();
    /** Multicasts written since the last flush (loop only); the flush task sends them if nothing did first. */
    private final MulticastBurst burst;
    private final Runnable flushTask = () -> {
        flushQueued = false;
        flushMulticasts();
    };
    /** The flush task is queued on the loop (it sends what no token took along); loop only. */
    private boolean flushQueued;

    protected RingChannels(int index, RingPlan plan, DatagramReceiver receiver, int receiveBufferSize) {
        this.index = index;
        this.plan = plan;
        this.receiver = receiver;
        this.receiveBufferSize = receiveBufferSize;
        plan.peers().forEach((id, addr) -> tokenTargets.put(id, new InetSocketAddress(addr, plan.port())));
        this.burst = new MulticastBurst(plan.ringNumber(), SegmentationOffload.maxSegmentSize(plan));
    }

    public static RingChannels create(boolean udpu, int index, RingPlan plan, DatagramReceiver receiver,
                                      int receiveBufferSize) {
        return udpu ? new Udpu(index, plan, receiver, receiveBufferSize) : new Udp(index, plan, receiver, receiveBufferSize);
    }

    public RingPlan plan() {
        return plan;
    }

    public abstract void open(EventLoopGroup loop) throws TransportException;

    /**
     * Unicast a token or commit token to {@code nodeId}'s ring address; false when the address is unknown. The caller
     * flushes every ring's pending multicasts first ({@link #flushMulticasts}).
     */
    public boolean sendToken(int nodeId, ByteBuf sealed) {
        InetSocketAddress to = tokenTargets.get(nodeId);
        if (to == null) {
            sealed.release();
            return false;
        }
        DatagramChannel ch = tokenChannel();
        ch.writeAndFlush(new DatagramPacket(sealed, to), ch.voidPromise());
        return true;
    }

    /**
     * Multicast: with udpu one unicast per other listed node, with udp one datagram to the group (this node gets its
     * own copy from the driver). Written now and sent as soon as they fill a segmented send, else with the token that
     * follows (or, when no token follows, once the loop has run what it is running): a token's burst of up to
     * max_messages packets leaves in a few sendmmsg calls, with segmentation offload in one send per run of
     * equal-sized packets ({@link MulticastBurst}). One flush task is queued per loop pass, however often a full
     * burst left before it runs.
     */
    public void sendMulticast(ByteBuf sealed) {
        if (!flushQueued) {  // called on the ring's loop (its only thread), like everything that sends
            flushQueued = true;
            multicastChannel().eventLoop().execute(flushTask);
        }
        burst.add(sealed);
        if (burst.full()) {
            flushMulticasts();
        }
    }

    /** Sends the multicasts written but not yet flushed. */
    public void flushMulticasts() {
        if (!burst.isEmpty()) {
            DatagramChannel ch = multicastChannel();
            burst.writeTo(ch, multicastTargets());
            ch.flush();
        }
    }

    /** Learn a sender's address ({@code udp} without nodelist): tokens for it then go to {@code <ip>:mcastport}. */
    public void learn(int nodeId, InetAddress address) {
        if (plan.learnPeers() && !tokenTargets.containsKey(nodeId)) {
            tokenTargets.put(nodeId, new InetSocketAddress(address, plan.port()));
        }
    }

    public boolean knows(int nodeId) {
        return tokenTargets.containsKey(nodeId);
    }

    protected abstract DatagramChannel tokenChannel();

    /**
     * Where a udpu multicast goes: every listed node but this one, known by its nodeid (an address may be listed
     * twice); the node's own copy takes the driver's internal path.
     */
    static InetSocketAddress[] othersOf(Map<Integer, InetSocketAddress> targets, int self) {
        return targets.entrySet().stream().filter(e -> e.getKey() != self).map(Map.Entry::getValue)
                .toArray(InetSocketAddress[]::new);
    }

    protected abstract DatagramChannel multicastChannel();

    protected abstract InetSocketAddress[] multicastTargets();

    /**
     * Closes the sockets; multicasts written and not yet sent are dropped. Called once the loop sends no more (the
     * node has stopped), so the burst is not touched by two threads.
     */
    public final void close() {
        burst.discard();
        closeChannels();
    }

    protected abstract void closeChannels();

    /** Datagrams one recvmmsg call may read (epoll). */
    static final int DATAGRAMS_PER_READ = 16;

    protected DatagramChannel bind(EventLoopGroup loop, InetSocketAddress at, boolean receive, String what)
            throws TransportException {
        Bootstrap b = new Bootstrap().group(loop)
                .channelFactory(() -> EventLoops.newDatagramChannel(at.getAddress()))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, 1 << 21)
                .option(ChannelOption.SO_SNDBUF, 1 << 21)
                // Netty's default (adaptive) allocator pools nothing above 16 KiB in a JVM of <= 512 MB heap, so each
                // 64 KiB coalesced read would be a fresh zeroed direct buffer; the pooled one keeps them.
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(receive ? new Inbound() : new Outbound());
        if (receive && SegmentationOffload.receiveCoalesced()) {
            // UDP_GRO: a sender's segmented burst stays one buffer up to this socket and is read in one recvmsg,
            // which Netty cuts back into its datagrams; a coalesced read is up to 64 KiB.
            b.option(EpollChannelOption.UDP_GRO, true);
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(SegmentationOffload.COALESCED_READ_BYTES));
        } else if (receive && EventLoops.epoll()) {
            // recvmmsg: up to DATAGRAMS_PER_READ datagrams (a token's burst) per syscall, each in its own slot of one
            // buffer, instead of one recvmsg each.
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(receiveBufferSize * DATAGRAMS_PER_READ));
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, receiveBufferSize);
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(receiveBufferSize));
        }
        try {
            io.netty.channel.ChannelFuture f = b.bind(at).await();
            if (!f.isSuccess()) {
                throw new TransportException("cannot bind the " + what + " socket of ring " + plan.ringNumber() + " to "
                        + at.getAddress().getHostAddress() + ":" + at.getPort() + ": " + f.cause(), f.cause());
            }
            return (DatagramChannel) f.channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while binding " + at, e);
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            receiver.datagram(index, packet);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            receiver.socketError(index, cause);
        }
    }

    /** Send-only sockets still drain whatever arrives (nothing should) and report errors. */
    private final class Outbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            // nothing is addressed to a send socket; dropped
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            receiver.socketError(index, cause);
        }
    }

    /** {@code IPPROTO_IP}/{@code IP_MULTICAST_TTL} (Linux). */
    static final IntegerUnixChannelOption IP_MULTICAST_TTL = new IntegerUnixChannelOption("IP_MULTICAST_TTL", 0, 33);
    /** {@code IPPROTO_IPV6}/{@code IPV6_MULTICAST_HOPS} (Linux). */
    static final IntegerUnixChannelOption IPV6_MULTICAST_HOPS =
            new IntegerUnixChannelOption("IPV6_MULTICAST_HOPS", 41, 18);

    /**
     * The interface's {@code ttl} as the multicast TTL (IPv4) or hop limit (IPv6), as totemudp.c sets it. Not
     * {@code config().setTimeToLive}: on epoll that sets {@code IP_TTL}, the unicast TTL (tokens then die after
     * {@code ttl} hops) and leaves multicasts at 1, and IPv6 not at all. NIO's maps to {@code IP_MULTICAST_TTL},
     * which the JDK applies to both families.
     */
    static void setMulticastTtl(DatagramChannel ch, int ttl, boolean ipv6) {
        if (ch instanceof EpollDatagramChannel) {
            ch.config().setOption(ipv6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL, ttl);
        } else {
            ch.config().setTimeToLive(ttl);
        }
    }

    protected static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            ch.close().awaitUninterruptibly(2000);
        }
    }

    // ------------------------------------------------------------------------------------------------ udpu

    /**
     * {@code transport: udpu}: one socket bound to {@code <ring addr>:mcastport} receives everything and sends the
     * tokens; multicasts go as one unicast per other listed node from a socket bound to {@code <ring addr>:0}.
     */
    static final class Udpu extends RingChannels {
        private DatagramChannel main;
        private DatagramChannel mcastOut;
        private InetSocketAddress[] everyone;

        Udpu(int index, RingPlan plan, DatagramReceiver receiver, int receiveBufferSize) {
            super(index, plan, receiver, receiveBufferSize);
        }

        @Override
        public void open(EventLoopGroup loop) throws TransportException {
            everyone = othersOf(tokenTargets, plan.nodeId());
            main = bind(loop, new InetSocketAddress(plan.local(), plan.port()), true, "token/receive");
            try {
                mcastOut = bind(loop, new InetSocketAddress(plan.local(), 0), false, "multicast send");
            } catch (TransportException e) {
                closeQuietly(main);
                throw e;
            }
        }

        @Override
        protected DatagramChannel tokenChannel() {
            return main;
        }

        @Override
        protected DatagramChannel multicastChannel() {
            return mcastOut;
        }

        @Override
        protected InetSocketAddress[] multicastTargets() {
            return everyone;
        }

        @Override
        protected void closeChannels() {
            closeQuietly(mcastOut);
            closeQuietly(main);
        }
    }

    // ------------------------------------------------------------------------------------------------ udp

    /**
     * {@code transport: udp}: a send socket on {@code <ring addr>:mcastport-1} (multicasts to the group, tokens to
     * {@code <next>:mcastport}, IP_MULTICAST_LOOP off, TTL, IP_MULTICAST_IF), a token socket on
     * {@code <ring addr>:mcastport} and a group socket on {@code <mcastaddr>:mcastport} with IP_ADD_MEMBERSHIP on the
     * ring's interface. The node's own multicasts come back through the driver's internal path, not the network.
     */
    static final class Udp extends RingChannels {
        private DatagramChannel send;
        private DatagramChannel token;
        private DatagramChannel group;
        private InetSocketAddress[] groupAddress;

        Udp(int index, RingPlan plan, DatagramReceiver receiver, int receiveBufferSize) {
            super(index, plan, receiver, receiveBufferSize);
        }

        @Override
        public void open(EventLoopGroup loop) throws TransportException {
            groupAddress = new InetSocketAddress[] {new InetSocketAddress(plan.mcastAddr(), plan.port())};
            try {
                send = bind(loop, new InetSocketAddress(plan.local(), plan.port() - 1), false, "send");
                send.config().setLoopbackModeDisabled(true);
                setMulticastTtl(send, plan.ttl(), plan.local() instanceof Inet6Address);
                send.config().setNetworkInterface(plan.nif());
                token = bind(loop, new InetSocketAddress(plan.local(), plan.port()), true, "token");
                group = bind(loop, groupAddress[0], true, "multicast receive");
                if (group.config() instanceof io.netty.channel.epoll.EpollDatagramChannelConfig ec) {
                    ec.setIpMulticastAll(false);
                }
                io.netty.channel.ChannelFuture joined = group.joinGroup(plan.mcastAddr(), plan.nif(), null).await();
                if (!joined.isSuccess()) {
                    throw new TransportException("cannot join multicast group " + plan.mcastAddr().getHostAddress()
                            + " on " + plan.nif().getName() + ": " + joined.cause(), joined.cause());
                }
            } catch (TransportException e) {
                close();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new TransportException("interrupted while joining the multicast group", e);
            }
        }

        @Override
        protected DatagramChannel tokenChannel() {
            return send;
        }

        @Override
        protected DatagramChannel multicastChannel() {
            return send;
        }

        @Override
        protected InetSocketAddress[] multicastTargets() {
            return groupAddress;
        }

        @Override
        protected void closeChannels() {
            closeQuietly(group);
            closeQuietly(token);
            closeQuietly(send);
        }
    }
}
