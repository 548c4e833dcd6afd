package io.chorus.ipc.internal;

import io.chorus.api.spi.ClientGateway;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPC server: a unix stream socket (Netty epoll; it accepts on its own one-thread event loop and serves the
 * connections on the ring's event loop when the gateway offers one, see {@link #ringLoop}) that
 * admits peers by their kernel credentials once at connect ({@link AccessPolicy}), then carries each connection's
 * frames to and from one {@link ClientGateway} session.
 *
 * <p>The socket file is made with the policy's owner group and mode (0660 unless the policy needs 0666, or as
 * {@link IpcSettings#mode()} says), so the kernel refuses other users with EACCES before the credential check
 * sees them; both layers apply. A stale socket file is replaced; a live one (another executive answering) is
 * an error. {@link #close()} closes every connection (each session is closed with the gateway) and removes the
 * file.
 */
public final class IpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IpcServer.class);

    private final IpcSettings settings;
    private final ClientGateway gateway;
    private volatile AccessPolicy policy;
    private final Set<IpcConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusals = new AtomicLong();
    private EventLoopGroup group;
    private ExecutorService opener;
    private Channel serverChannel;

    public IpcServer(IpcSettings settings, AccessPolicy policy, ClientGateway gateway) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /** SO_SNDBUF asked for on every client connection. */
    static final int CLIENT_SOCKET_SEND_BUFFER = 2 << 20;

    /** Binds the socket and starts accepting. */
    public synchronized void start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        if (!Epoll.isAvailable()) {
            throw new IOException("Netty epoll is not available: " + Epoll.unavailabilityCause());
        }
        Path socket = settings.socket().toAbsolutePath();
        Path dir = socket.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        removeStale(socket);
        opener = Executors.newFixedThreadPool(2, new DefaultThreadFactory("chorus-ipc-open", true));
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("chorus-ipc", true),
                EpollIoHandler.newFactory());
        EventLoopGroup children = ringLoop(gateway);
        ServerBootstrap b = new ServerBootstrap()
                .group(group, children != null ? children : group)
                .channel(EpollServerDomainSocketChannel.class)
                // A unix socket holds what its sender's SO_SNDBUF allows (about 200 KiB by default): a client then
                // takes at most that per read however fast it reads, and a ring delivering faster than one socket
                // buffer per loop run piles the rest up in the outbound queue towards its bound. Asked for 2 MiB
                // (the kernel doubles it and caps it at net.core.wmem_max).
                .childOption(io.netty.channel.ChannelOption.SO_SNDBUF, CLIENT_SOCKET_SEND_BUFFER)
                // Netty's default (adaptive) allocator pools nothing above 16 KiB in a JVM of <= 512 MB heap: every
                // batch of answers that grows past that, and every read, would be a fresh zeroed direct buffer.
                .childOption(io.netty.channel.ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel ch) {
                        IpcConnection c = new IpcConnection(IpcServer.this, gateway, settings.maxOutboundBytes());
                        connections.add(c);
                        ch.pipeline().addLast(new FrameDecoder(), c);
                    }
                });
        try {
            serverChannel = b.bind(new DomainSocketAddress(socket.toString())).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            opener.shutdownNow();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        Set<PosixFilePermission> mode = settings.mode() != null ? settings.mode() : policy.socketMode();
        AccessPolicy p = policy;
        try {
            Files.setAttribute(socket, "unix:gid", p.socketGroup(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("could not give {} the owner group {} ({}); only the credential check guards it", socket,
                    p.socketGroup(), e.getMessage());
        }
        Files.setPosixFilePermissions(socket, mode);
        for (String note : p.notes()) {
            LOG.info("IPC: {}", note);
        }
        LOG.info("IPC listening on {} (mode {}, group {}); admitting {}; connections served on {}", socket,
                PosixFilePermissions.toString(mode), p.socketGroup(), p,
                children != null ? "the ring's event loop" : "the IPC event loop");
    }

    /**
     * The ring's epoll event loop when the gateway runs on one: connections registered there hand each request to
     * the executive and write its answer on the same thread, which saves two thread hops per call (a request
     * taken here and answered on another thread costs a wake-up each way). Otherwise (an in-memory ring in tests,
     * a NIO ring) connections stay on this server's own loop.
     */
    private static EventLoopGroup ringLoop(ClientGateway gateway) {
        Executor executor = gateway.executor();
        if (executor instanceof IoEventLoop loop && loop.isIoType(EpollIoHandler.class) && !loop.isShuttingDown()) {
            return loop;
        }
        return null;
    }

    /** A file left by a dead executive is removed; one an executive still answers on is an error. */
    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(socket + " is a directory, not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("another executive is listening on " + socket);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another executive")) {
                throw e;
            }
        }
        LOG.info("removing stale IPC socket {}", socket);
        Files.delete(socket);
    }

    /** The socket path. */
    public Path socket() {
        return settings.socket();
    }

    /** Applies to connections made from now on (existing ones were checked at their connect). */
    public void updatePolicy(AccessPolicy newPolicy) {
        policy = Objects.requireNonNull(newPolicy);
        LOG.info("IPC now admits {}", newPolicy);
    }

    AccessPolicy policy() {
        return policy;
    }

    /** Where {@code ClientGateway.open} runs (it may wait for the ring). */
    Executor openExecutor() {
        return opener;
    }

    void countRefusal() {
        refusals.incrementAndGet();
    }

    void removed(IpcConnection c) {
        connections.remove(c);
    }

    /** Connections currently open (authenticated or not yet closed). */
    public int connectionCount() {
        return connections.size();
    }

    /** Connections refused by the credential check since start. */
    public long refusedCount() {
        return refusals.get();
    }

    /** Stops accepting, closes every connection (sessions closed with the gateway), removes the socket file. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (IpcConnection c : connections) {
            c.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        opener.shutdownNow();
        serverChannel = null;
        group = null;
        try {
            Files.deleteIfExists(settings.socket());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", settings.socket(), e.getMessage());
        }
        LOG.info("IPC stopped on {}", settings.socket());
    }
}
