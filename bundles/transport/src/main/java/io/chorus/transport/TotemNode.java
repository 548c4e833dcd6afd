package io.chorus.transport;

import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigLoader;
import io.chorus.config.TotemSettings;
import io.chorus.config.Transport;
import io.chorus.crypto.OrderedCryptoPipeline;
import io.chorus.crypto.PacketProtection;
import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingIdStore;
import io.chorus.totem.TotemCore;
import io.chorus.totem.TotemCounters;
import io.chorus.totem.TotemParameters;
import io.chorus.totem.TotemDriver;
import io.chorus.totem.TotemTimer;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.PacketSink;
import io.chorus.totem.pg.TotemPg;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import io.chorus.totem.wire.TotemHeader;
import io.chorus.transport.TransportCounters.Counter;
import io.chorus.transport.internal.DatagramReceiver;
import io.chorus.transport.internal.EventLoops;
import io.chorus.transport.internal.NetworkPlan;
import io.chorus.transport.internal.PacketSlab;
import io.chorus.transport.internal.RedundantRings;
import io.chorus.transport.internal.RingChannels;
import io.chorus.transport.internal.RingPlan;
import io.chorus.transport.internal.RrpScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Chorus node on the network: a {@link TotemCore} and its {@link TotemPg}, driven by one single-threaded Netty
 * event loop (epoll where available, NIO otherwise) that also owns the sockets of every ring (link) of the node.
 * Everything the core sees — datagrams, expired timers, sends, acknowledgements — happens on that thread, so the
 * core stays the pure, single-threaded state machine the simulator tests.
 *
 * <p>Inbound: datagram → {@code block_unlisted_ips} → {@link PacketProtection#open} (a failure is dropped, counted
 * and logged {@code invalid digest}, rate-limited) → the redundant-ring filter → {@link TotemCore#receive}.
 * Outbound: core → {@link PacketProtection#seal} into a pooled direct buffer → the rings the redundant-ring layer
 * picks → {@code udpu} unicasts or {@code udp} multicast (corosync-wire.md §1.0).
 *
 * <p>Thread-safe entry points ({@link #mcast}, {@link #status}, {@link #leave}, {@link #reenableRings}) hop onto the
 * loop. Code already on the loop ({@link #inEventLoop()}, e.g. an exec handler) may use {@link #pg()} directly.
 */
public final class TotemNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TotemNode.class);
    private static final long INVALID_DIGEST_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The private group of {@link #reenableRingsClusterWide()} (ignored by nodes that do not join it). */
    static final TotemPgGroup RRP_CONTROL = TotemPgGroup.of("chorus.rrp");

    private final NetworkPlan plan;
    private final TotemParameters parameters;
    private final PacketProtection protection;
    private final boolean plainPackets;
    private final boolean acknowledgeTransitions;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final RingChannels[] rings;
    private final RedundantRings rrp;
    private final TotemCore core;
    private final TotemPg pg;
    private final TransportCounters counters = new TransportCounters();
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final Driver driver = new Driver();  // after alloc: it cuts its packets from alloc's buffers
    private final ByteBuffer opened;
    private final List<Consumer<ConfigurationChange>> configurationListeners = new CopyOnWriteArrayList<>();
    private final int[] ringNumbers;
    private final String transportName;

    private long lastInvalidDigestLog;
    private long invalidDigestsSinceLog;
    private long lastSocketErrorLog;
    private volatile boolean stopped;
    /** Packets in flight to and from the crypto threads of {@code threads: N} (null with 0 threads). */
    private final OrderedCryptoPipeline cryptoOut;
    private final OrderedCryptoPipeline cryptoIn;
    private static final int CRYPTO_QUEUE = 4096;
    private final java.util.concurrent.atomic.AtomicBoolean coreStarted = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<Runnable> tokenListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TotemNode(ChorusConfig config, NetworkPlan plan, NodeOptions options, RingIdStore store)
            throws TransportException {
        this.plan = plan;
        this.protection = options.protection();
        this.plainPackets = protection == PacketProtection.none();
        this.acknowledgeTransitions = options.acknowledgeTransitions();
        TotemSettings t = config.totem();
        this.parameters = TotemConfigs.parameters(t, protection.overhead());
        int datagramMax = parameters.netMtu() + protection.overhead() + 64;
        this.opened = ByteBuffer.allocateDirect(Math.max(datagramMax, 65536)).order(ByteOrder.LITTLE_ENDIAN);
        this.ringNumbers = plan.rings().stream().mapToInt(RingPlan::ringNumber).toArray();
        this.transportName = plan.transport().configName() + (EventLoops.epoll() ? "/epoll" : "/nio")
                + (plan.rings().size() > 1 ? "/rrp-" + plan.rrpMode().configName() : "");
        this.group = EventLoops.newLoop("chorus-totem-" + Integer.toUnsignedString(plan.nodeId()));
        this.loop = group.next();
        List<String> addresses = new ArrayList<>();
        for (RingPlan r : plan.rings()) {
            addresses.add(r.local().getHostAddress());
        }
        this.rrp = new RedundantRings(plan.rrpMode(), addresses,
                new RedundantRings.Settings(t.rrpProblemCountTimeout(), t.rrpProblemCountThreshold(),
                        t.rrpProblemCountMcastThreshold(), t.rrpTokenExpiredTimeout()),
                new LoopScheduler(), ring -> { });
        int cryptoThreads = plainPackets ? 0 : Math.max(0, t.threads());
        if (cryptoThreads > 0) {
            String id = Integer.toUnsignedString(plan.nodeId());
            this.cryptoOut = new OrderedCryptoPipeline(cryptoThreads, CRYPTO_QUEUE, loop, "chorus-seal-" + id);
            this.cryptoIn = new OrderedCryptoPipeline(cryptoThreads, CRYPTO_QUEUE, loop, "chorus-open-" + id);
        } else {
            this.cryptoOut = null;
            this.cryptoIn = null;
        }
        this.pg = new TotemPg(parameters.maxPayload());
        this.core = new TotemCore(plan.nodeId(), parameters, store, pg.wrap(driver), RandomGenerator.getDefault());
        pg.attach(PacketSink.of(core));
        pg.join(RRP_CONTROL, (sender, g, message) -> {
            int n = rrp.reenable();
            LOG.info("node {} asked every node to re-enable its rings: {} ring(s) re-enabled here",
                    Integer.toUnsignedString(sender), n);
        });
        this.rings = new RingChannels[rrp.ringCount()];
        boolean udpu = plan.transport() == Transport.UDPU;
        try {
            for (int i = 0; i < rings.length; i++) {
                rings[i] = RingChannels.create(udpu, i, plan.rings().get(i), driver, Math.max(2048, datagramMax));
                rings[i].open(group);
            }
        } catch (TransportException | RuntimeException e) {
            for (RingChannels r : rings) {
                if (r != null) {
                    r.close();
                }
            }
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Resolves the configuration on this host, binds every ring's sockets and starts the core (it forms a singleton
     * ring, then merges with whatever it hears).
     */
    public static TotemNode start(ChorusConfig config, NodeOptions options) throws TransportException {
        TotemNode node = open(config, options);
        node.startCore();
        return node;
    }

    /**
     * Resolves the configuration and binds every ring's sockets, but does not start the core yet: a sync engine
     * joins its groups and token listeners first, then calls {@link #startCore()}, so that it sees the first
     * configuration change.
     */
    public static TotemNode open(ChorusConfig config, NodeOptions options) throws TransportException {
        NetworkPlan plan = NetworkPlan.resolve(config, options.nodeId());
        Path stateDir = options.stateDir() != null ? options.stateDir()
                : config.system().resolvedStateDir(ConfigLoader.home(System.getenv(), System.getProperties()));
        TotemNode node = new TotemNode(config, plan, options, new FileRingIdStore(stateDir));
        LOG.info("nodeid {} starting: transport {}, rings {}, netmtu {} (protection overhead {}), state dir {}",
                Integer.toUnsignedString(plan.nodeId()), node.transportName, node.describeRings(), config.totem().netmtu(),
                options.protection().overhead(), stateDir);
        return node;
    }

    /** Starts the core (once): it forms a singleton ring, then merges with whatever it hears. */
    public void startCore() {
        if (coreStarted.getAndSet(true)) {
            return;
        }
        onLoop(() -> {
            if (acknowledgeTransitions) {
                // The core starts in the waiting_trans_ack window; without a sync engine nothing would close it
                // before the first ring, and what was queued in it would wait forever.
                core.acknowledgeTransition();
            }
            rrp.start();
            core.start();
            return null;
        });
    }

    /**
     * Runs {@code listener} on the loop at every token arrival, before totempg flushes its partly filled packet,
     * so that what the listener multicasts leaves with this token (the sync engine's "once per rotation").
     */
    public void addTokenListener(Runnable listener) {
        tokenListeners.add(listener);
    }

    public void removeTokenListener(Runnable listener) {
        tokenListeners.remove(listener);
    }

    private String describeRings() {
        StringBuilder b = new StringBuilder();
        for (RingPlan r : plan.rings()) {
            b.append(b.length() == 0 ? "" : ", ").append(r.ringNumber()).append('=').append(r.local().getHostAddress())
                    .append(':').append(r.port());
            if (r.mcastAddr() != null) {
                b.append(" group ").append(r.mcastAddr().getHostAddress()).append(" on ").append(r.nif().getName());
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------------ public API

    public int nodeId() {
        return plan.nodeId();
    }

    public TotemParameters parameters() {
        return parameters;
    }

    /** Whether the caller runs on this node's event loop (where {@link #pg()} may be used directly). */
    public boolean inEventLoop() {
        return loop.inEventLoop();
    }

    /** The node's event loop: run work that touches the core or totempg here. */
    public EventLoop eventLoop() {
        return loop;
    }

    /** totempg of this node; on the event loop only. */
    public TotemPg pg() {
        assert loop.inEventLoop();
        return pg;
    }

    /**
     * Sends one message to {@code group} in agreed order, from any thread: the bytes are copied, then queued on the
     * loop. Completes with {@link McastResult#TRY_AGAIN} when the send queue cannot take it now.
     */
    public CompletableFuture<McastResult> mcast(TotemPgGroup target, ByteBuffer message) {
        ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
        CompletableFuture<McastResult> result = new CompletableFuture<>();
        if (stopped) {
            result.complete(McastResult.TRY_AGAIN);
            return result;
        }
        loop.execute(() -> result.complete(stopped ? McastResult.TRY_AGAIN : pg.mcast(target, copy)));
        return result;
    }

    /** Subscribes {@code listener} to {@code group}'s messages and the configuration changes (on the loop). */
    public void join(TotemPgGroup target, TotemPgListener listener) {
        onLoopAsync(() -> pg.join(target, listener));
    }

    /** Every configuration change, transitional and regular, in order with the deliveries, on the loop. */
    public void addConfigurationListener(Consumer<ConfigurationChange> listener) {
        configurationListeners.add(listener);
    }

    /** The executive's sync is done: lets messages queued before the last configuration change go out. */
    public void acknowledgeTransition() {
        onLoopAsync(core::acknowledgeTransition);
    }

    /** Updates the live timeouts (every member should apply the same). */
    public void updateParameters(TotemParameters p) {
        onLoopAsync(() -> core.updateParameters(p));
    }

    /** A consistent snapshot taken on the loop. */
    public NodeStatus status() {
        return onLoop(() -> {
            Map<String, Long> totem = new java.util.LinkedHashMap<>();
            TotemCounters c = core.counters();
            for (TotemCounters.Counter k : TotemCounters.Counter.values()) {
                totem.put(k.name().toLowerCase(), c.get(k));
            }
            return new NodeStatus(plan.nodeId(), transportName, core.state(), core.ringId(), core.members(),
                    rrp.status(ringNumbers), totem, counters.snapshot());
        });
    }

    /** Re-enables this node's FAULTY rings; returns how many were faulty. */
    public int reenableRings() {
        return onLoop(rrp::reenable);
    }

    /** {@code cfgtool -r}: every node of the ring re-enables its FAULTY rings (an agreed-order message). */
    public CompletableFuture<McastResult> reenableRingsClusterWide() {
        return mcast(RRP_CONTROL, ByteBuffer.wrap(new byte[] {1}));
    }

    /** Clean leave: the others form the new ring at once, without waiting for a token timeout. */
    public void leave() {
        if (!stopped) {
            onLoop(() -> {
                core.leave();
                return null;
            });
        }
    }

    /** Stops taking jobs and lets what was submitted finish (idempotent). */
    private static void awaitPipeline(OrderedCryptoPipeline pipeline) {
        pipeline.close();
        try {
            pipeline.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves the ring (if {@code leave}) and closes the sockets and the loop. */
    public void stop(boolean leave) {
        if (stopped) {
            return;
        }
        if (leave) {
            try {
                leave();
            } catch (RuntimeException e) {
                LOG.warn("leave failed: {}", e.toString());
            }
            if (cryptoOut != null) {
                // With crypto threads the LEAVE is still being sealed: let it be sent before sends stop.
                awaitPipeline(cryptoOut);
                try {
                    onLoop(() -> null);  // its complete() was queued on the loop before this
                } catch (RuntimeException e) {
                    // the loop is gone already
                }
            }
        }
        stopped = true;
        try {
            onLoop(() -> {
                rrp.stop();
                driver.cancelAll();
                driver.packetSlab.release();
                return null;
            });
        } catch (RuntimeException e) {
            // the loop is gone already
        }
        for (OrderedCryptoPipeline pipeline : new OrderedCryptoPipeline[] {cryptoOut, cryptoIn}) {
            if (pipeline != null) {
                awaitPipeline(pipeline);
            }
        }
        for (RingChannels r : rings) {
            r.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(6000);
        LOG.info("nodeid {} stopped", Integer.toUnsignedString(plan.nodeId()));
    }

    @Override
    public void close() {
        stop(true);
    }

    // ------------------------------------------------------------------------------------------------ loop helpers

    private <T> T onLoop(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("event loop task failed: " + e, e);
        }
    }

    private void onLoopAsync(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private final class LoopScheduler implements RrpScheduler {
        @Override
        public Cancellable schedule(Runnable task, long delayMillis) {
            ScheduledFuture<?> f = loop.schedule(() -> {
                if (!stopped) {
                    task.run();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
    }

    // ------------------------------------------------------------------------------------------------ the driver

    /** The core's output and the channels' input; every method runs on the loop. */
    private final class Driver implements TotemDriver, DatagramReceiver {
        private final EnumMap<TotemTimer, ScheduledFuture<?>> timers = new EnumMap<>(TotemTimer.class);
        private final long[] generations = new long[TotemTimer.values().length];
        /** This node's own multicasts waiting to be received by it, oldest first (loop only). */
        private final java.util.ArrayDeque<ByteBuf> ownCopies = new java.util.ArrayDeque<>();
        private final Runnable receiveOwnCopies = this::receiveOwnCopies;
        /** Where this loop's sealed packets are cut from (loop only). */
        private final PacketSlab packetSlab = new PacketSlab(alloc);

        // ---- inbound

        @Override
        public void datagram(int ringIndex, DatagramPacket packet) {
            if (stopped) {
                return;
            }
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            counters.increment(Counter.PACKETS_IN);
            counters.add(Counter.BYTES_IN, length);
            RingChannels ring = rings[ringIndex];
            RingPlan rp = ring.plan();
            InetAddress source = packet.sender().getAddress();
            if (rp.allowed() != null && !rp.allowed().contains(source)) {
                counters.increment(Counter.BLOCKED_UNLISTED);
                return;
            }
            ByteBuffer plain;
            if (plainPackets) {
                plain = content.nioBuffer();
            } else if (cryptoIn != null) {
                openOnCryptoThread(ringIndex, source, content);
                return;
            } else {
                opened.clear();
                boolean ok;
                try {
                    ok = length <= opened.capacity() - protection.overhead() && protection.open(content.nioBuffer(), opened);
                } catch (RuntimeException e) {
                    ok = false;
                }
                if (!ok) {
                    invalidDigest(source);
                    return;
                }
                plain = opened;
            }
            receivePlain(ringIndex, source, plain);
        }

        /**
         * {@code threads: N}: the datagram is authenticated and decrypted on a crypto thread; the pipeline hands
         * the results back to this loop in arrival order, so the core sees packets as the network delivered them.
         */
        private void openOnCryptoThread(int ringIndex, InetAddress source, ByteBuf content) {
            ByteBuf sealed = alloc.heapBuffer(content.readableBytes());
            sealed.writeBytes(content, content.readerIndex(), content.readableBytes());
            ByteBuf plain = alloc.heapBuffer(sealed.readableBytes());
            boolean[] ok = new boolean[1];
            boolean queued = cryptoIn.trySubmit(new OrderedCryptoPipeline.Job() {
                @Override
                public void work() {
                    ByteBuffer target = plain.nioBuffer(0, plain.capacity());
                    try {
                        ok[0] = protection.open(sealed.nioBuffer(), target);
                    } catch (RuntimeException e) {
                        ok[0] = false;
                    }
                    if (ok[0]) {
                        plain.writerIndex(target.limit());
                    }
                }

                @Override
                public void complete() {
                    try {
                        if (stopped) {
                            return;
                        }
                        if (!ok[0]) {
                            invalidDigest(source);
                        } else {
                            receivePlain(ringIndex, source, plain.nioBuffer());
                        }
                    } finally {
                        sealed.release();
                        plain.release();
                    }
                }
            });
            if (!queued) {
                // The crypto threads are behind: drop it like a lost datagram; Totem re-requests what it misses.
                counters.increment(Counter.CRYPTO_QUEUE_FULL);
                sealed.release();
                plain.release();
            }
        }

        private void receivePlain(int ringIndex, InetAddress source, ByteBuffer plain) {
            RingChannels ring = rings[ringIndex];
            RingPlan rp = ring.plan();
            ByteOrder order = rp.learnPeers() ? TotemHeader.orderOf(plain) : null;
            if (order != null) {
                int id = TotemHeader.nodeIdOf(plain, order);
                if (id != 0 && !ring.knows(id)) {
                    ring.learn(id, source);
                    LOG.info("ring {}: learned nodeid {} at {}", rp.ringNumber(), Integer.toUnsignedString(id),
                            source.getHostAddress());
                }
            }
            if (!rrp.accept(ringIndex, plain)) {
                counters.increment(Counter.RRP_DUPLICATES);
                return;
            }
            core.receive(plain);
        }

        private void invalidDigest(InetAddress source) {
            counters.increment(Counter.INVALID_DIGESTS);
            invalidDigestsSinceLog++;
            long now = System.nanoTime();
            if (lastInvalidDigestLog == 0 || now - lastInvalidDigestLog >= INVALID_DIGEST_LOG_INTERVAL_NANOS) {
                LOG.warn("Received message has invalid digest... ignoring ({} packet(s) dropped since the last report,"
                        + " latest from {})", invalidDigestsSinceLog, source.getHostAddress());
                lastInvalidDigestLog = now;
                invalidDigestsSinceLog = 0;
            }
        }

        @Override
        public void socketError(int ringIndex, Throwable cause) {
            counters.increment(Counter.SOCKET_ERRORS);
            long now = System.nanoTime();
            if (lastSocketErrorLog == 0 || now - lastSocketErrorLog >= INVALID_DIGEST_LOG_INTERVAL_NANOS) {
                lastSocketErrorLog = now;
                LOG.warn("ring {}: socket error: {}", ringNumbers[Math.min(ringIndex, ringNumbers.length - 1)],
                        cause.toString());
            }
        }

        // ---- outbound

        private ByteBuf seal(ByteBuffer packet) {
            int length = packet.remaining();
            ByteBuf out = packetSlab.take(length + protection.overhead());
            int position = packet.position();
            if (plainPackets) {
                out.writeBytes(packet);
            } else {
                ByteBuffer target = out.nioBuffer(0, out.capacity());
                protection.seal(packet, target);
                out.writerIndex(target.limit());
            }
            packet.position(position);
            counters.increment(Counter.PACKETS_OUT);
            counters.add(Counter.BYTES_OUT, out.readableBytes());
            return out;
        }

        /**
         * {@code threads: N}: seal on a crypto thread, then send from this loop in the order the core produced
         * the packets (the pipeline completes jobs in submission order).
         */
        private void sealOnCryptoThread(ByteBuffer packet, java.util.function.Consumer<ByteBuf> send) {
            ByteBuf plain = alloc.heapBuffer(packet.remaining());
            int position = packet.position();
            plain.writeBytes(packet);
            packet.position(position);
            ByteBuf sealed = alloc.directBuffer(plain.readableBytes() + protection.overhead());
            boolean queued = cryptoOut.trySubmit(new OrderedCryptoPipeline.Job() {
                @Override
                public void work() {
                    ByteBuffer target = sealed.nioBuffer(0, sealed.capacity());
                    protection.seal(plain.nioBuffer(), target);
                    sealed.writerIndex(target.limit());
                }

                @Override
                public void complete() {
                    plain.release();
                    try {
                        if (!stopped) {
                            counters.increment(Counter.PACKETS_OUT);
                            counters.add(Counter.BYTES_OUT, sealed.readableBytes());
                            send.accept(sealed);
                        }
                    } finally {
                        sealed.release();
                    }
                }
            });
            if (!queued) {
                counters.increment(Counter.CRYPTO_QUEUE_FULL);
                plain.release();
                sealed.release();
            }
        }

        @Override
        public void unicast(int nodeId, ByteBuffer packet) {
            if (stopped) {
                return;
            }
            int mask = rrp.sendMask(true);
            if (cryptoOut != null) {
                sealOnCryptoThread(packet, sealed -> sendToken(nodeId, mask, sealed));
            } else {
                ByteBuf sealed = seal(packet);
                try {
                    sendToken(nodeId, mask, sealed);
                } finally {
                    sealed.release();
                }
            }
        }

        /**
         * A sealed token (or join/commit token) on the rings of {@code mask}. The messages it announces leave before it
         * on every ring, whichever ring carries it: the multicasts pending on all rings are flushed first.
         */
        private void sendToken(int nodeId, int mask, ByteBuf sealed) {
            for (RingChannels r : rings) {
                r.flushMulticasts();
            }
            for (int i = 0; i < rings.length; i++) {
                if ((mask & (1 << i)) != 0 && !rings[i].sendToken(nodeId, sealed.retain())) {
                    counters.increment(Counter.UNKNOWN_TARGET);
                }
            }
        }

        /** A sealed multicast on the rings of {@code mask}. */
        private void sendMulticast(int mask, ByteBuf sealed) {
            for (int i = 0; i < rings.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    rings[i].sendMulticast(sealed.retain());
                }
            }
        }

        @Override
        public void multicast(ByteBuffer packet) {
            multicastStored(packet);
            if (!stopped) {
                receiveOwnCopy(packet);
            }
        }

        /** The core keeps its own MCASTs: no own copy (a heap copy and a later receive per packet of the sender). */
        @Override
        public void multicastStored(ByteBuffer packet) {
            if (stopped) {
                return;
            }
            int mask = rrp.sendMask(false);
            if (cryptoOut != null) {
                sealOnCryptoThread(packet, sealed -> sendMulticast(mask, sealed));
            } else {
                ByteBuf sealed = seal(packet);
                try {
                    sendMulticast(mask, sealed);
                } finally {
                    sealed.release();
                }
            }
        }

        /**
         * The node's own copy of a multicast takes the internal path, later on the loop, never re-entering the core
         * from inside its own call: udp has IP_MULTICAST_LOOP off (Corosync: an AF_UNIX socketpair) and udpu does
         * not send to itself (Corosync's does; here the saved unicast spares the busiest node, the sender, a
         * receive, a decode and with secauth an open per packet).
         */
        private void receiveOwnCopy(ByteBuffer packet) {
            ByteBuf self = alloc.heapBuffer(packet.remaining());
            int position = packet.position();
            self.writeBytes(packet);
            packet.position(position);
            if (ownCopies.isEmpty()) {
                loop.execute(receiveOwnCopies);  // one task for a token's whole burst, not one per packet
            }
            ownCopies.add(self);
        }

        private void receiveOwnCopies() {
            ByteBuf self;
            while ((self = ownCopies.poll()) != null) {
                try {
                    if (!stopped) {
                        counters.increment(Counter.SELF_DELIVERED);
                        core.receive(self.nioBuffer());
                    }
                } finally {
                    self.release();
                }
            }
        }

        @Override
        public void setTimer(TotemTimer timer, long delayMillis) {
            cancelTimer(timer);
            if (stopped) {
                return;
            }
            int k = timer.ordinal();
            long generation = generations[k];
            timers.put(timer, loop.schedule(() -> {
                if (!stopped && generations[k] == generation) {
                    timers.remove(timer);
                    generations[k]++;
                    core.timerExpired(timer);
                }
            }, delayMillis, TimeUnit.MILLISECONDS));
        }

        @Override
        public void cancelTimer(TotemTimer timer) {
            generations[timer.ordinal()]++;
            ScheduledFuture<?> f = timers.remove(timer);
            if (f != null) {
                f.cancel(false);
            }
        }

        void cancelAll() {
            for (TotemTimer t : TotemTimer.values()) {
                cancelTimer(t);
            }
        }

        /** Before totempg flushes ({@link TotemPg#wrap}): what token listeners send leaves with this token. */
        @Override
        public void tokenReceived() {
            for (Runnable listener : tokenListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    LOG.warn("token listener failed", e);
                }
            }
        }

        /** After totempg's groups (the executive) heard of it. */
        @Override
        public void configurationChange(ConfigurationChange change) {
            LOG.info("configuration change: {}", change);
            for (Consumer<ConfigurationChange> l : configurationListeners) {
                try {
                    l.accept(change);
                } catch (RuntimeException e) {
                    LOG.warn("configuration listener failed", e);
                }
            }
            if (change.isRegular() && acknowledgeTransitions) {
                // No sync engine: acknowledge at once, inside the call, so that no message can be queued in the
                // waiting_trans_ack window and then be stranded in its queue (see the README of this module).
                core.acknowledgeTransition();
            }
        }
    }
}
