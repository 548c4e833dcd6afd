package io.chorus.ipc.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.ipc.client.IpcProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the peer-credential check at connect, the HELLO exchange that opens a session with
 * the gateway, requests to the gateway, and (as the session's {@link ClientSink}) answers and callbacks back.
 *
 * <p>Threads: frames arrive on the connection's event loop (the ring's own loop in a node, see
 * {@code IpcServer.ringLoop}, so a request is handled and answered on this thread); the sink is called from the
 * ring's event loop (or any thread) and never blocks: it copies into a buffer, counts it against {@link IpcSettings#maxOutboundBytes()}
 * and hands it to Netty. While half that bound is unread the connection stops reading the client's requests
 * (a streaming sender that falls behind on its deliveries sends less until it caught up; below a quarter it is
 * read again); a client whose unread output still exceeds the bound is disconnected. The pause is exact when the
 * requests are served on the connection's loop, as in a node (the ring's loop); served from another thread, the
 * requests already read when reading stops are still answered.
 */
final class IpcConnection extends ChannelInboundHandlerAdapter implements ClientSink {

    private static final Logger LOG = LoggerFactory.getLogger(IpcConnection.class);
    /** Requests a client may have outstanding (the client library sends one at a time). */
    static final int MAX_PENDING_REQUESTS = 4096;

    private final IpcServer server;
    private final ClientGateway gateway;
    private final long maxOutbound;
    private final AtomicLong outbound = new AtomicLong();
    /** Requests are not read while the client is behind on its output (see {@link #applyBackpressure}); loop only. */
    private boolean readingPaused;
    private boolean toldSlow;
    private final AtomicBoolean gatewayClosed = new AtomicBoolean();

    private Channel channel;
    private ClientCredentials credentials;
    private String engine = "?";
    private volatile ClientSession session;
    /** HELLO received, gateway.open running. */
    private boolean opening;

    // Guarded by this: request ids awaiting answers, frames produced before the HELLO_REPLY went out.
    private final IntRing pendingIds = new IntRing(16);
    private List<ByteBuf> early = new ArrayList<>();
    private boolean ready;
    private boolean dropped;
    private int dispatchSeq;
    private boolean executiveClosed;
    /** A flush of frames written on the event loop is queued there (touched on the loop only). */
    private boolean flushScheduled;
    /** Frames made on the loop since the last flush, and the bytes they count against the outbound bound. */
    private ByteBuf batch;
    private static final int BATCH_INITIAL = 64 * 1024;
    private final Runnable flushTask = this::flushWritten;
    /**
     * Guarded by this: frames sent from other threads, in the order they were sent, until the loop hands them to the
     * channel; the bytes they count; whether a hand-over task is queued on the loop. Invariant: a frame joins the
     * batch only while this queue is empty, so the batch always holds frames sent before these.
     */
    private final ArrayDeque<ByteBuf> handedOver = new ArrayDeque<>();
    private long handedOverCounted;
    private boolean handOverScheduled;
    private final Runnable handOverTask = this::writeHandedOver;

    IpcConnection(IpcServer server, ClientGateway gateway, long maxOutbound) {
        this.server = server;
        this.gateway = gateway;
        this.maxOutbound = maxOutbound;
    }

    // ------------------------------------------------------------------------------------------ inbound

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        PeerCredentials pc;
        try {
            pc = ((EpollDomainSocketChannel) channel).peerCredentials();
        } catch (IOException e) {
            LOG.warn("IPC connection without peer credentials ({}); closed", e.getMessage());
            channel.close();
            return;
        }
        int[] gids = pc.gids();
        int gid = gids.length > 0 ? gids[0] : -1;
        credentials = new ClientCredentials(pc.pid(), pc.uid(), gid);
        if (!ClientAdmission.admitsPeer(server.policy(), pc.pid(), pc.uid(), gid)) {
            LOG.warn("Connection with uid {} and gid {} not authenticated", pc.uid(), gid);
            server.countRefusal();
            replyAndClose(IpcProtocol.helloReplyBody(ChorusError.ACCESS.code(), 0, "not authenticated"));
            return;
        }
        LOG.debug("IPC connection from pid {} uid {} gid {} accepted", pc.pid(), pc.uid(), gid);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame f = (Frame) msg;
        if (credentials == null || dropped) {
            return;
        }
        if (session == null) {
            if (opening) {
                protocolError(IpcProtocol.typeName(f.type()) + " before HELLO_REPLY");
            } else if (f.type() != IpcProtocol.HELLO) {
                protocolError("expected HELLO, got " + IpcProtocol.typeName(f.type()));
            } else {
                hello(f.body());
            }
            return;
        }
        if (f.type() != IpcProtocol.REQUEST) {
            protocolError("unexpected " + IpcProtocol.typeName(f.type()));
            return;
        }
        if (f.body().remaining() > IpcProtocol.MAX_MESSAGE) {
            protocolError("request of " + f.body().remaining() + " bytes exceeds the 1 MiB limit");
            return;
        }
        synchronized (this) {
            if (pendingIds.size() >= MAX_PENDING_REQUESTS) {
                protocolError("more than " + MAX_PENDING_REQUESTS + " requests outstanding");
                return;
            }
            pendingIds.add(f.id());
        }
        try {
            if (f.posted()) {
                gateway.post(session, f.fn(), f.body());
            } else {
                gateway.request(session, f.fn(), f.body());
            }
        } catch (RuntimeException e) {
            LOG.error("IPC request {} of pid {} to {} failed in the executive", f.fn(), credentials.pid(), engine, e);
            respond(f.fn(), ResponseStatus.of(ChorusError.LIBRARY));
        }
    }

    private void hello(ByteBuffer b) {
        if (b.remaining() < 10 || b.getInt() != IpcProtocol.MAGIC) {
            LOG.warn("IPC connection from pid {} uid {} does not speak the Chorus IPC protocol; closed",
                    credentials.pid(), credentials.uid());
            replyAndClose(IpcProtocol.helloReplyBody(ChorusError.VERSION.code(), 0, "not a Chorus IPC client"));
            return;
        }
        int major = b.getShort() & 0xffff;
        b.getShort();
        int nameLength = b.getShort() & 0xffff;
        if (major != IpcProtocol.MAJOR) {
            LOG.info("IPC client pid {} speaks protocol {}, this executive {}; refused", credentials.pid(), major,
                    IpcProtocol.MAJOR);
            replyAndClose(IpcProtocol.helloReplyBody(ChorusError.VERSION.code(), 0,
                    "executive speaks IPC protocol " + IpcProtocol.MAJOR + ", client " + major));
            return;
        }
        if (nameLength == 0 || nameLength > IpcProtocol.MAX_ENGINE_NAME || nameLength > b.remaining()) {
            replyAndClose(IpcProtocol.helloReplyBody(ChorusError.INVALID_PARAM.code(), 0, "bad engine name"));
            return;
        }
        byte[] name = new byte[nameLength];
        b.get(name);
        engine = new String(name, StandardCharsets.UTF_8);
        opening = true;
        // open() may wait for the ring's event loop: never on this loop, which serves every connection.
        String engineName = engine;
        server.openExecutor().execute(() -> {
            ClientSession opened = null;
            ChorusException refused = null;
            RuntimeException failure = null;
            try {
                opened = gateway.open(engineName, credentials, this);
            } catch (ChorusException e) {
                refused = e;
            } catch (RuntimeException e) {
                failure = e;
            }
            ClientSession s = opened;
            ChorusException r = refused;
            RuntimeException f = failure;
            try {
                channel.eventLoop().execute(() -> opened(s, r, f));
            } catch (RejectedExecutionException e) {
                // The server is stopping: nobody will answer this client.
                if (s != null && gatewayClosed.compareAndSet(false, true)) {
                    gateway.close(s);
                }
            }
        });
    }

    /** Back on the event loop with the outcome of {@code gateway.open}. */
    private void opened(ClientSession s, ChorusException refused, RuntimeException failure) {
        if (refused != null) {
            replyAndClose(IpcProtocol.helloReplyBody(refused.error().code(), 0, refused.getMessage()));
            return;
        }
        if (failure != null) {
            LOG.error("opening a session of pid {} with {} failed in the executive", credentials.pid(), engine, failure);
            replyAndClose(IpcProtocol.helloReplyBody(ChorusError.LIBRARY.code(), 0, "executive failure"));
            return;
        }
        session = s;
        if (!channel.isActive()) {
            // The client went away while the session was opening (channelInactive saw no session yet).
            closeSession();
            return;
        }
        synchronized (this) {
            if (executiveClosed) {
                // The executive closed the session while opening it (engine unloading).
                early.forEach(ByteBuf::release);
                early = null;
                replyAndClose(IpcProtocol.helloReplyBody(ChorusError.LIBRARY.code(), 0,
                        "the executive closed the session with " + engine));
                return;
            }
            if (dropped) {
                // Slow consumer or peer gone meanwhile: channelInactive closes the session.
                return;
            }
            ByteBuffer reply = IpcProtocol.helloReplyBody(ChorusError.OK.code(), s.id(), null);
            writeNow(frame(IpcProtocol.HELLO_REPLY, 0, 0, reply), 0);
            for (ByteBuf e : early) {
                writeNow(e, e.readableBytes());
            }
            early = null;
            ready = true;
        }
        LOG.debug("IPC session {} of pid {} uid {} with {} opened", s.id(), credentials.pid(), credentials.uid(),
                engine);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (batch != null) {
            batch.release();
            batch = null;
        }
        synchronized (this) {
            dropped = true;
            if (early != null) {
                early.forEach(ByteBuf::release);
                early = null;
            }
            releaseHandedOver();
        }
        closeSession();
        server.removed(this);
    }

    private void closeSession() {
        ClientSession s = session;
        boolean byExecutive;
        synchronized (this) {
            byExecutive = executiveClosed;
        }
        if (s != null && !byExecutive && gatewayClosed.compareAndSet(false, true)) {
            try {
                gateway.close(s);
            } catch (RuntimeException e) {
                LOG.error("closing IPC session {} of pid {} failed in the executive", s.id(), credentials.pid(), e);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FrameDecoder.FrameTooLargeException) {
            LOG.warn("IPC client pid {} uid {} ({}): {}; connection closed", pid(), uid(), engine, cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("IPC client pid {} ({}): {}", pid(), engine, cause.toString());
        } else {
            LOG.warn("IPC client pid {} ({}): unexpected failure; connection closed", pid(), engine, cause);
        }
        ctx.close();
    }

    private void protocolError(String what) {
        LOG.warn("IPC client pid {} uid {} ({}): protocol error: {}; connection closed", pid(), uid(), engine, what);
        synchronized (this) {
            dropped = true;
        }
        channel.close();
    }

    private int pid() {
        return credentials == null ? -1 : credentials.pid();
    }

    private int uid() {
        return credentials == null ? -1 : credentials.uid();
    }

    /** Sends a HELLO_REPLY carrying a refusal, then closes. */
    private void replyAndClose(ByteBuffer helloReply) {
        ByteBuf out;
        synchronized (this) {
            dropped = true;
            out = frame(IpcProtocol.HELLO_REPLY, 0, 0, helloReply);
        }
        channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    // ------------------------------------------------------------------------------------------ ClientSink

    @Override
    public void respond(int fn, ByteBuffer response) {
        ByteBuffer body = response;
        if (body.remaining() > IpcProtocol.MAX_BODY) {
            LOG.error("{} answered IPC request {} with {} bytes, more than the 1 MiB limit: sent TOO_BIG instead",
                    engine, fn, body.remaining());
            body = ResponseStatus.of(ChorusError.TOO_BIG);
        }
        synchronized (this) {
            if (pendingIds.isEmpty()) {
                LOG.warn("{} answered IPC session {} (fn {}) with no request outstanding; dropped", engine,
                        session == null ? -1 : session.id(), fn);
                return;
            }
            send(IpcProtocol.RESPONSE, fn, pendingIds.poll(), body);
        }
    }

    @Override
    public void dispatch(int fn, ByteBuffer callback) {
        dispatch(fn, callback, EMPTY);
    }

    /** Header and data copied straight into the frame (a delivery's bytes are copied once, here). */
    @Override
    public void dispatch(int fn, ByteBuffer head, ByteBuffer tail) {
        int length = head.remaining() + tail.remaining();
        if (length > IpcProtocol.MAX_MESSAGE) {
            LOG.error("{} sent a callback of {} bytes to IPC pid {}, more than the 1 MiB limit; client disconnected",
                    engine, length, pid());
            disconnect();
            return;
        }
        synchronized (this) {
            send(IpcProtocol.DISPATCH, fn, ++dispatchSeq, head, tail);
        }
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /**
     * Where {@link #putFrame} has the protocol's one codec lay out a header before copying it (a ByteBuf cannot be
     * handed to it without a view object per frame); guarded by this.
     */
    private final ByteBuffer header = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE);

    @Override
    public void closed() {
        synchronized (this) {
            executiveClosed = true;
            if (dropped || !ready) {
                // Not answered yet: hello() sees executiveClosed and refuses with LIBRARY.
                return;
            }
            send(IpcProtocol.CLOSED, 0, 0, IpcProtocol.closedBody(ChorusError.LIBRARY.code(),
                    "the executive closed the session with " + engine));
            dropped = true;
            if (channel.eventLoop().inEventLoop()) {
                flushWritten();  // the batch (with the CLOSED frame) goes before the close
            }
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Queues a frame; called holding this. */
    private void send(int type, int fn, int id, ByteBuffer body) {
        send(type, fn, id, body, EMPTY);
    }

    /** Queues a frame whose body is {@code head} then {@code tail}; called holding this. */
    private void send(int type, int fn, int id, ByteBuffer head, ByteBuffer tail) {
        if (dropped && type != IpcProtocol.CLOSED) {
            return;
        }
        int size = IpcProtocol.HEADER_SIZE + head.remaining() + tail.remaining();
        if (outbound.addAndGet(size) > maxOutbound) {
            outbound.addAndGet(-size);
            LOG.warn("IPC client pid {} uid {} ({}) does not read: {} bytes queued, limit {}; disconnected", pid(),
                    uid(), engine, outbound.get(), maxOutbound);
            disconnect();
            return;
        }
        if (!ready) {
            early.add(frame(type, fn, id, head, tail));
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            applyBackpressure();
            // The hot path (a node answers on this loop) pays one emptiness check for the order: frames sent from
            // other threads before this one leave first, then this one joins a fresh batch.
            if (!handedOver.isEmpty()) {
                writeBatch();
                writeHandedOverFrames();
            }
            batch(type, fn, id, head, tail, size);
            return;
        }
        handOver(frame(type, fn, id, head, tail), size);
    }

    /**
     * Off the loop: the frame waits in {@link #handedOver} for the loop, which alone writes to the channel, so that
     * whoever sends next (on the loop or not) finds it there and sends after it. One task per burst, not per frame.
     * The batch could instead be shared under this lock, but then every loop run's flush would take the lock and
     * off-loop callers would copy megabytes into one growing buffer; a queue keeps the loop's path as it was.
     */
    private void handOver(ByteBuf out, int counted) {
        handedOver.add(out);
        handedOverCounted += counted;
        if (handOverScheduled) {
            return;
        }
        handOverScheduled = true;
        try {
            channel.eventLoop().execute(handOverTask);
        } catch (RejectedExecutionException e) {
            // The loop is gone (server stopping): nobody will write these.
            releaseHandedOver();
        }
    }

    /**
     * The hand-over task: on the loop, the batch (made before them), the handed-over frames, then a flush; and the
     * backpressure decision the off-loop sends left to the loop.
     */
    private void writeHandedOver() {
        synchronized (this) {
            handOverScheduled = false;
            writeBatch();
            writeHandedOverFrames();
        }
        applyBackpressure();
        scheduleFlush();
    }

    /**
     * On the loop, holding this: hands the queued frames to Netty (not flushed). The last one's completion counts
     * them all, as Netty completes a channel's writes in order (and fails them all when it closes).
     */
    private void writeHandedOverFrames() {
        ByteBuf f;
        while ((f = handedOver.poll()) != null) {
            if (handedOver.isEmpty()) {
                long counted = handedOverCounted;
                handedOverCounted = 0;
                channel.write(f).addListener(done -> written(counted));
            } else {
                channel.write(f, channel.voidPromise());
            }
        }
    }

    /** Holding this. */
    private void releaseHandedOver() {
        handedOver.forEach(ByteBuf::release);
        handedOver.clear();
        handedOverCounted = 0;
    }

    /**
     * On the connection's loop, frames are appended to one buffer that leaves when the loop has run what it is
     * running (the requests of one read, a token's worth of deliveries): one buffer, one promise and one write
     * syscall for the lot instead of one each. A frame that does not fit starts the next buffer; the flush writes
     * them together.
     */
    private void batch(int type, int fn, int id, ByteBuffer head, ByteBuffer tail, int size) {
        if (batch != null && batch.writableBytes() < size) {
            // Full: handed to Netty as it is (the flush writes all buffers in one writev) and a fresh one started,
            // rather than grown: growing copied what it held, a token's worth of 64 KiB deliveries several times.
            writeBatch();
        }
        if (batch == null) {
            batch = channel.alloc().directBuffer(Math.max(BATCH_INITIAL, size));
        }
        putFrame(batch, type, fn, id, head, tail);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    /** Hands one frame to Netty on the loop (the HELLO_REPLY and the frames made before it); flushed with the batch. */
    private void writeNow(ByteBuf out, int counted) {
        ChannelPromise promise = counted == 0 ? channel.voidPromise() : channel.newPromise();
        if (counted != 0) {
            promise.addListener(f -> written(counted));
        }
        channel.write(out, promise);
        scheduleFlush();
    }

    /**
     * Writes the batch and flushes; runs on the loop. Frames still handed over stay for their task: they were sent
     * after everything in the batch.
     */
    private void flushWritten() {
        flushScheduled = false;
        writeBatch();
        channel.flush();
    }

    /** Hands the batch to Netty (not flushed); on the loop. */
    private void writeBatch() {
        ByteBuf b = batch;
        if (b != null) {
            batch = null;
            int counted = b.readableBytes();  // the frames' sizes, as send counted them
            channel.write(b).addListener(f -> written(counted));
        }
    }

    /** Bytes the socket took (or dropped with the connection): no longer unread. */
    private void written(long bytes) {
        outbound.addAndGet(-bytes);
        applyBackpressure();
    }

    /**
     * Stops reading requests while more than half the outbound bound is unread and reads again below a quarter.
     * Decided on the connection's loop only (a send on it, the hand-over task of sends from other threads, a write's
     * completion), so the flag and the channel's autoRead can never disagree.
     */
    private void applyBackpressure() {
        long unread = outbound.get();
        if (!readingPaused && unread > maxOutbound / 2) {
            readingPaused = true;
            channel.config().setAutoRead(false);
            if (!toldSlow) {
                toldSlow = true;
                LOG.info("IPC client pid {} ({}) reads its output slowly, {} bytes unread: its requests wait "
                        + "until it catches up (said once per connection)", pid(), engine, unread);
            }
        } else if (readingPaused && unread < maxOutbound / 4) {
            readingPaused = false;
            channel.config().setAutoRead(true);
        }
    }

    private void disconnect() {
        synchronized (this) {
            dropped = true;
        }
        channel.close();
    }

    /** Holding this. */
    private ByteBuf frame(int type, int fn, int id, ByteBuffer body) {
        return frame(type, fn, id, body, EMPTY);
    }

    /** Holding this. */
    private ByteBuf frame(int type, int fn, int id, ByteBuffer head, ByteBuffer tail) {
        ByteBuf out = channel.alloc().buffer(IpcProtocol.HEADER_SIZE + head.remaining() + tail.remaining());
        putFrame(out, type, fn, id, head, tail);
        return out;
    }

    /**
     * Appends one frame (the header {@link IpcProtocol#putHeader} lays out, then {@code head} and {@code tail},
     * neither consumed) to {@code out}; holding this, which guards {@link #header}.
     */
    private void putFrame(ByteBuf out, int type, int fn, int id, ByteBuffer head, ByteBuffer tail) {
        IpcProtocol.putHeader(header.clear(), type, fn, id, head.remaining() + tail.remaining());
        out.writeBytes(header.flip());
        copyUnconsumed(out, head);
        copyUnconsumed(out, tail);
    }

    /** {@code src}'s bytes into {@code out}, its position put back: no view object per frame. */
    private static void copyUnconsumed(ByteBuf out, ByteBuffer src) {
        int position = src.position();
        out.writeBytes(src);
        src.position(position);
    }

    /** Closes the connection from the server side (server stopping); the gateway hears close(session). */
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "IpcConnection[" + engine + ", " + credentials + "]";
    }
}
