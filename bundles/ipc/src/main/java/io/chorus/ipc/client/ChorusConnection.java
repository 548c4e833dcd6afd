package io.chorus.ipc.client;

import io.chorus.api.client.EngineCallback;
import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.ipc.internal.IntRing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One client handle to one engine of the local Chorus executive, over its unix socket (like a libqb
 * connection: one socket per handle). Plain JDK: runs in a {@code java -cp} program, no OSGi, no Netty.
 *
 * <pre>{@code
 * try (ChorusConnection c = ChorusConnection.connect(Path.of("/run/chorus/chorus.sock"), "cpg", handler)) {
 *     ByteBuffer answer = c.call(CPG_JOIN, request);      // TRY_AGAIN etc. as ChorusException
 *     c.dispatch(DispatchMode.ALL);                        // run pending callbacks on this thread
 * }
 * }</pre>
 *
 * <p><b>Calls</b> are synchronous and thread-safe: concurrent callers are served one at a time (one request in
 * flight per handle, as libqb does). A status other than OK becomes a {@link ChorusException} with that error,
 * {@code TRY_AGAIN} included, so callers retry it as the seed programs do ({@link ChorusException#isTryAgain()}).
 * {@link #post} sends without waiting (a small window of unanswered requests) for streaming senders; the
 * executive holds a posted request it cannot take yet instead of answering TRY_AGAIN.
 *
 * <p><b>Reading</b>: the handle has no thread of its own. Whichever thread needs something from the socket (a caller
 * waiting for its answer, a dispatcher waiting for a callback) reads it, one at a time (leader/follower): a caller
 * alone on its handle is woken once per call, by the kernel, with its answer. Frames meant for another thread are
 * queued and that thread is woken. When no thread has read for a few milliseconds, a shared daemon thread
 * ({@link Drainer}) moves what the socket holds into the callback queue, up to 32 MiB of callbacks, so a program
 * busy elsewhere is not found not reading by the executive (which disconnects a client that leaves more than 8 MiB
 * unread): a pause is bridged for up to 40 MiB of callbacks, a program that never dispatches holds 32 MiB at most.
 *
 * <p><b>Callbacks</b>: run them with {@link #dispatch(DispatchMode)} (ONE / ALL / BLOCKING),
 * {@link #dispatch(Duration)} (wait up to a timeout), {@link #poll(Duration)} (take one without a handler), or hand
 * them to a dedicated thread with {@link #startDispatchThread()}. (Java has no selectable fd to give out, which is
 * what {@code xSelectionObjectGet} was for.)
 *
 * <p><b>Errors</b>: an executive that is not running or went away (killed, stopped, connection broken) makes
 * connect and every later call fail with {@code LIBRARY}; a refused peer gets {@code ACCESS}; an unknown engine
 * {@code NOT_EXIST}; another protocol major {@code VERSION}; a request over 1 MiB {@code TOO_BIG} (not sent);
 * a call on a closed handle {@code BAD_HANDLE}; an interrupted wait {@code INTERRUPT}; a call timeout, when set,
 * {@code TIMEOUT}. Callbacks already received are still dispatched after the connection broke.
 */
public final class ChorusConnection implements AutoCloseable {

    /** How long {@link #connect} waits for the server's HELLO_REPLY. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final Path socket;
    private final String engine;
    private final DispatchHandler handler;
    /** Non-blocking; read by the leader only, written by the caller holding {@link #callLock}. */
    private final SocketChannel channel;
    /** OP_READ: the leader waits here for frames. */
    private final Selector readSelector;
    /** OP_WRITE and OP_READ: a writer waits here while the socket's send buffer is full, reading what arrives. */
    private final Selector writeSelector;
    /** Bytes read and not yet parsed into frames (write mode); touched by the leader only. */
    // Direct: the JDK copies heap buffers through a temporary direct one on every read and write.
    private ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);

    /** Serializes calls: one request in flight. */
    private final ReentrantLock callLock = new ReentrantLock();
    /** Guards everything below; the reading thread (the leader) notifies on it. */
    private final Object sync = new Object();
    private final ArrayDeque<EngineCallback> callbacks = new ArrayDeque<>();
    /** Body bytes of {@link #callbacks}: what the {@link Drainer} bounds. */
    private long queuedCallbackBytes;
    private boolean helloDone;
    private ChorusException helloFailure;
    private long sessionId;
    private int nextId = 1;
    private int pendingId;
    private Reply pendingReply;
    /** Why the handle no longer works (null while connected). */
    private ChorusException broken;
    private boolean closed;
    /** Posted frames not yet written, and how many ({@link #cork}); guarded by {@link #callLock}. */
    private final ByteBuffer corked = ByteBuffer.allocateDirect(CORK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private int corkedFrames;
    /** Ids of posted requests not yet answered, oldest first, and their body lengths. */
    private final IntRing postedIds = new IntRing(POST_WINDOW);
    private final IntRing postedLengths = new IntRing(POST_WINDOW);
    private long postedBytes;
    /** The first error answer to a posted request, until post or flush reports it. */
    private ChorusException postFailure;
    /** Bytes read from the socket so far (written by the leader only). */
    private volatile long bytesRead;
    /** A thread read since the {@link Drainer}'s last visit (it then leaves the socket alone). */
    private boolean readRecently;
    /** A thread is reading the socket (the leader); the others wait on {@link #sync}. */
    private boolean reading;
    /** Drainer passes that found the queue at its bound and read nothing (written by the leader only). */
    private volatile long drainsHeldBack;
    private Thread dispatchThread;
    private volatile long callTimeoutNanos;

    private ChorusConnection(Path socket, String engine, DispatchHandler handler, SocketChannel channel,
            Selector readSelector, Selector writeSelector) {
        this.socket = socket;
        this.engine = engine;
        this.handler = handler;
        this.channel = channel;
        this.readSelector = readSelector;
        this.writeSelector = writeSelector;
    }

    /** The socket named by {@code -Dchorus.ipc.socket}, else env CHORUS_IPC_SOCKET, else /run/chorus/chorus.sock. */
    public static Path defaultSocket() {
        String p = System.getProperty(IpcProtocol.PROP_SOCKET);
        if (p == null || p.isBlank()) {
            p = System.getenv(IpcProtocol.ENV_SOCKET);
        }
        return Path.of(p == null || p.isBlank() ? IpcProtocol.DEFAULT_SOCKET : p);
    }

    /** Connects to {@code engine} on the default socket, without callbacks. */
    public static ChorusConnection connect(String engine) throws ChorusException {
        return connect(defaultSocket(), engine, null);
    }

    /** Connects to {@code engine}, without callbacks (they can still be taken with {@link #poll}). */
    public static ChorusConnection connect(Path socket, String engine) throws ChorusException {
        return connect(socket, engine, null);
    }

    /** Connects to {@code engine}; {@code handler} (may be null) runs the callbacks when dispatching. */
    public static ChorusConnection connect(Path socket, String engine, DispatchHandler handler) throws ChorusException {
        return connect(socket, engine, handler, IpcProtocol.MAJOR);
    }

    /** As {@link #connect(Path, String, DispatchHandler)} announcing protocol major {@code major} (for tests). */
    static ChorusConnection connect(Path socket, String engine, DispatchHandler handler, int major)
            throws ChorusException {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(engine, "engine");
        ByteBuffer hello;
        try {
            hello = IpcProtocol.helloBody(engine, major, IpcProtocol.MINOR);
        } catch (IllegalArgumentException e) {
            throw new ChorusException(ChorusError.INVALID_PARAM, e.getMessage());
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new ChorusException(ChorusError.LIBRARY, "cannot open a unix socket: " + e.getMessage());
        }
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            closeQuietly(ch);
            throw connectFailure(socket, e);
        }
        Selector reads = null;
        Selector writes = null;
        try {
            // A unix socket holds what its sender's SO_SNDBUF allows (about 200 KiB by default): a stream of 64 KiB
            // posts then filled it every few messages and waited for room (a select and a wake-up per message, a
            // quarter of a streaming client's CPU). Room for a whole posting window instead; the kernel caps it at
            // net.core.wmem_max.
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            ch.configureBlocking(false);
            reads = Selector.open();
            writes = Selector.open();
            ch.register(reads, SelectionKey.OP_READ);
            // A writer waiting for room also wakes when frames arrive (awaitWritable reads them).
            ch.register(writes, SelectionKey.OP_WRITE | SelectionKey.OP_READ);
        } catch (IOException e) {
            closeQuietly(ch);
            closeQuietly(reads);
            closeQuietly(writes);
            throw new ChorusException(ChorusError.LIBRARY, "cannot set up the connection: " + e.getMessage());
        }
        ChorusConnection c = new ChorusConnection(socket, engine, handler, ch, reads, writes);
        Drainer.add(c);
        try {
            c.write(IpcProtocol.HELLO, 0, 0, 0, hello);
        } catch (IOException e) {
            // The server may already have answered (a refused peer gets HELLO_REPLY ACCESS, then the server
            // closes): reading still finds that answer in the receive buffer, or EOF (LIBRARY).
        }
        c.awaitHello();
        return c;
    }

    private static ChorusException connectFailure(Path socket, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException || m.contains("Permission denied")) {
            return new ChorusException(ChorusError.ACCESS, "not allowed to connect to " + socket
                    + " (the socket admits root and the allowed group only)");
        }
        return new ChorusException(ChorusError.LIBRARY, "executive not reachable at " + socket + ": " + m);
    }

    private void awaitHello() throws ChorusException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        try {
            readUntil(() -> helloDone, deadline);
        } catch (ChorusException e) {
            closeNow();
            throw new ChorusException(ChorusError.INTERRUPT, "interrupted while connecting");
        }
        synchronized (sync) {
            if (helloDone && helloFailure == null) {
                return;
            }
        }
        closeNow();
        synchronized (sync) {
            if (helloFailure != null) {
                throw helloFailure;
            }
            if (broken != null && broken.error() != ChorusError.BAD_HANDLE) {
                throw broken;
            }
        }
        throw new ChorusException(ChorusError.TIMEOUT, "no answer from the executive at " + socket);
    }

    public Path socket() {
        return socket;
    }

    public String engine() {
        return engine;
    }

    /** The session id the executive gave this handle (unique on that node). */
    public long sessionId() {
        synchronized (sync) {
            return sessionId;
        }
    }

    /** Whether calls can still succeed (not closed, executive still there). */
    public boolean isConnected() {
        try {
            readUntil(() -> false, NOW);
        } catch (ChorusException e) {
            // interrupted: answer from what is known
        }
        synchronized (sync) {
            return broken == null;
        }
    }

    /** Bounds every later {@link #call} wait ({@code null} or zero: wait as long as the connection lives). */
    public void setCallTimeout(Duration timeout) {
        callTimeoutNanos = timeout == null ? 0 : timeout.toNanos();
    }

    /**
     * Sends request {@code fn} with {@code body} (its remaining bytes; not consumed) and waits for the answer.
     *
     * @return the payload after the OK status (little-endian, owned by the caller)
     * @throws ChorusException with the response's status when it is not OK, or as the class describes
     */
    public ByteBuffer call(int fn, ByteBuffer body) throws ChorusException {
        return okPayload(fn, request(fn, body));
    }

    /**
     * As {@link #call}, the request's body being the concatenation of the {@code parts}' remaining bytes (none
     * consumed): a client library sends its header and the caller's message without first copying both into one
     * buffer.
     */
    public ByteBuffer callGathering(int fn, ByteBuffer... parts) throws ChorusException {
        return okPayload(fn, requestParts(fn, parts));
    }

    private ByteBuffer okPayload(int fn, Reply r) throws ChorusException {
        if (r.status() != ChorusError.OK) {
            throw new ChorusException(r.status(), engine + " request " + fn);
        }
        return r.payload();
    }

    /** As {@link #call}, but returns a non-OK status instead of throwing it (transport failures still throw). */
    public Reply request(int fn, ByteBuffer body) throws ChorusException {
        return requestParts(fn, body == null ? NO_PARTS : new ByteBuffer[] {body});
    }

    private Reply requestParts(int fn, ByteBuffer[] parts) throws ChorusException {
        checkSize(bodyLength(parts));
        lockCalls();
        try {
            int id;
            synchronized (sync) {
                checkUsable();
                id = newId();
                pendingId = id;
                pendingReply = null;
            }
            send(0, fn, id, parts);
            return awaitReply();
        } finally {
            synchronized (sync) {
                pendingId = 0;
                pendingReply = null;
            }
            callLock.unlock();
        }
    }

    private void lockCalls() throws ChorusException {
        try {
            callLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ChorusError.INTERRUPT);
        }
    }

    /** The next request id (never 0); called holding {@link #sync}. */
    private int newId() {
        int id = nextId++;
        if (nextId == 0) {
            nextId = 1;
        }
        return id;
    }

    /** The bytes of a body made of {@code parts} (their remaining bytes). */
    private static int bodyLength(ByteBuffer[] parts) {
        long length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        return (int) Math.min(length, Integer.MAX_VALUE);
    }

    private static void checkSize(int length) throws ChorusException {
        if (length > IpcProtocol.MAX_MESSAGE) {
            throw new ChorusException(ChorusError.TOO_BIG, "request of " + length
                    + " bytes exceeds the IPC limit of " + IpcProtocol.MAX_MESSAGE + " bytes");
        }
    }

    /** Writes a REQUEST frame; a broken connection is recorded (the caller's wait then reports it). */
    private void send(int flags, int fn, int id, ByteBuffer[] parts) throws ChorusException {
        flushPosted();  // requests leave in the order they were made
        try {
            write(IpcProtocol.REQUEST, flags, fn, id, parts);
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    /** A write failed: the connection is recorded broken; an interrupt (which closed the channel) is thrown. */
    private void writeFailed(IOException e) throws ChorusException {
        if (e instanceof ClosedByInterruptException) {
            fail(new ChorusException(ChorusError.LIBRARY, "connection closed by an interrupt"));
            Thread.currentThread().interrupt();
            throw new ChorusException(ChorusError.INTERRUPT, "interrupted while sending; connection closed");
        }
        fail(new ChorusException(ChorusError.LIBRARY, "connection to the executive lost: " + e.getMessage()));
    }

    private Reply awaitReply() throws ChorusException {
        long timeout = callTimeoutNanos;
        long deadline = timeout <= 0 ? FOREVER : System.nanoTime() + timeout;
        try {
            readUntil(() -> pendingReply != null, deadline);
        } catch (ChorusException e) {
            throw new ChorusException(ChorusError.INTERRUPT, "interrupted while waiting for " + engine);
        }
        synchronized (sync) {
            if (pendingReply != null) {
                return pendingReply;
            }
            if (broken != null) {
                throw copy(broken);
            }
        }
        throw new ChorusException(ChorusError.TIMEOUT, "no answer from " + engine + " within "
                + Duration.ofNanos(timeout));
    }

    // ------------------------------------------------------------------------------------------ posted requests

    /** Posted frames corked before one write, and the bytes the cork holds. */
    static final int CORK_FRAMES = 64;
    static final int CORK_BYTES = 32 * 1024;

    /**
     * Posted requests a handle may have unanswered, and their bytes (one larger request may always go). The executive
     * answers a posted request when its loop takes it, so the window is what a stream can send while that loop is
     * busy passing a token (a few hundred microseconds at full speed): 64 capped small-message streams at about
     * 64 per loop run (a 64-B stream in the 3-node probe went from 169-211k to 263-277k msg/s at 512).
     */
    public static final int POST_WINDOW = 512;
    public static final int POST_WINDOW_BYTES = 1 << 20;

    /** SO_SNDBUF asked for: a full posting window and its frames' overhead. */
    static final int SEND_BUFFER = 2 * POST_WINDOW_BYTES;

    /**
     * Sends request {@code fn} without waiting for its answer (a posted request, for streams such as CPG messages):
     * returns once the request is written, while fewer than {@link #POST_WINDOW} requests and
     * {@link #POST_WINDOW_BYTES} are unanswered, else first reads answers until there is room. The executive never
     * answers a posted request TRY_AGAIN: it holds it, in order, until it can take it, so a full ring makes this
     * method wait instead of fail. An error answer (the request was wrong or no longer possible) is thrown by the
     * next {@code post} or {@link #flush}; requests posted after it were still sent.
     *
     * @throws ChorusException an earlier posted request's error, or as {@link #call} for transport failures
     */
    public void post(int fn, ByteBuffer body) throws ChorusException {
        // Nothing is allocated per message while the window has room (a streaming sender posts thousands a second):
        // the body is neither duplicated nor consumed (cork copies it by index), no condition object is made.
        int length = body == null ? 0 : body.remaining();
        checkSize(length);
        lockCalls();
        try {
            onePart[0] = body == null ? EMPTY : body;
            postLocked(fn, onePart, length);
        } finally {
            onePart[0] = null;  // the caller's bytes are not kept
            callLock.unlock();
        }
    }

    /**
     * As {@link #post}, the request's body being the concatenation of the {@code parts}' remaining bytes (none
     * consumed): a client library posts its header and the caller's message, and the message is copied once, into
     * the cork (or, too large for it, by the socket write), instead of first into a request buffer of its own.
     */
    public void postGathering(int fn, ByteBuffer... parts) throws ChorusException {
        int length = bodyLength(parts);
        checkSize(length);
        lockCalls();
        try {
            postLocked(fn, parts, length);
        } finally {
            callLock.unlock();
        }
    }

    /** {@link #post}'s work, holding {@link #callLock}. */
    private void postLocked(int fn, ByteBuffer[] parts, int length) throws ChorusException {
        boolean full;
        synchronized (sync) {
            full = !roomToPost(length);
        }
        if (full) {
            readUntil(() -> roomToPost(length), FOREVER);  // writes the cork first: the answers may be to it
        }
        int id;
        boolean pipeIdle;
        synchronized (sync) {
            checkUsable();
            throwPostFailure();
            id = newId();
            postedIds.add(id);
            postedLengths.add(length);
            postedBytes += length;
            pipeIdle = postedIds.size() - 1 == corkedFrames;  // every written request was answered
        }
        cork(fn, id, parts, length, pipeIdle);
    }

    /** Whether a post of {@code length} bytes may go now (or an error waits to be reported); holding {@link #sync}. */
    private boolean roomToPost(int length) {
        return postFailure != null || postedIds.isEmpty()
                || postedIds.size() < POST_WINDOW && postedBytes + length <= POST_WINDOW_BYTES;
    }

    /**
     * Posted frames wait here and leave together, one write for up to {@link #CORK_FRAMES} of them: a streaming
     * sender then costs the kernel one syscall per batch instead of one per message. Nagle's rule decides when a
     * short cork goes: once every request written so far is answered (the executive has nothing of this handle's to
     * work on), what is corked leaves at once, so a lone message waits for nothing and a stream is corked only while
     * the executive is busy with its earlier frames. A post into an idle pipe, a non-blocking dispatch or poll that
     * finds the pipe idle, every call, flush, blocking dispatch, waiting poll and close write what is corked, and the
     * {@link Drainer} does within {@link Drainer#PERIOD_MILLIS}.
     */
    private void cork(int fn, int id, ByteBuffer[] parts, int length, boolean pipeIdle) throws ChorusException {
        int frame = IpcProtocol.HEADER_SIZE + length;
        if (frame > corked.remaining()) {
            flushPosted();
        }
        if (frame > corked.capacity()) {
            send(IpcProtocol.FLAG_POSTED, fn, id, parts);
            return;
        }
        IpcProtocol.putHeader(corked, IpcProtocol.REQUEST, IpcProtocol.FLAG_POSTED, fn, id, length);
        for (ByteBuffer part : parts) {
            // By index: the caller's buffers are neither consumed nor wrapped in views.
            corked.put(corked.position(), part, part.position(), part.remaining());
            corked.position(corked.position() + part.remaining());
        }
        corkedFrames++;
        if (pipeIdle || corkedFrames >= CORK_FRAMES) {
            flushPosted();
        }
    }

    /** Shrinks the socket's send buffer, so that a cork's write waits for room (tests). */
    void limitSendBuffer(int bytes) throws IOException {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
    }

    /** Posted frames corked and not written yet (tests). */
    int corkedFrames() {
        callLock.lock();
        try {
            return corkedFrames;
        } finally {
            callLock.unlock();
        }
    }

    /** Writes the corked posted frames; the caller holds {@link #callLock}. */
    private void flushPosted() throws ChorusException {
        if (corkedFrames == 0) {
            return;
        }
        corked.flip();
        try {
            writeFully(corked);
        } catch (IOException e) {
            writeFailed(e);
        } finally {
            corked.clear();
            corkedFrames = 0;
        }
    }

    /**
     * Writes what is corked unless another thread is in a call (it will) or this thread is interrupted (channel I/O
     * on an interrupted thread closes the channel: the next call, flush or the drainer writes it instead); with
     * {@code onlyIfIdle} only when every request written so far was answered (Nagle's rule, {@link #cork}), so a
     * non-blocking dispatch between two posts of a stream leaves the cork filling while the executive works.
     */
    private void flushPostedIfFree(boolean onlyIfIdle) {
        if (Thread.currentThread().isInterrupted() || !callLock.tryLock()) {
            return;
        }
        try {
            if (onlyIfIdle) {
                synchronized (sync) {
                    if (postedIds.size() > corkedFrames) {
                        return;  // answers to written requests are still coming; their reader or the next post flushes
                    }
                }
            }
            flushPosted();
        } catch (ChorusException e) {
            // cannot happen: this thread is not interrupted
        } finally {
            callLock.unlock();
        }
    }

    /**
     * The drainer's share of the cork: what the socket takes without waiting; the rest stays corked for the next
     * call, flush or visit (the drainer serves every handle and must never wait for one executive).
     */
    private void flushPostedWithoutWaiting() {
        if (!callLock.tryLock()) {
            return;
        }
        try {
            if (corkedFrames == 0) {
                return;
            }
            corked.flip();
            try {
                channel.write(corked);
            } catch (IOException e) {
                fail(new ChorusException(ChorusError.LIBRARY, "connection to the executive lost: " + e.getMessage()));
            }
            if (corked.hasRemaining()) {
                corked.compact();  // corkedFrames stays non-zero: the rest goes with the next flush
            } else {
                corked.clear();
                corkedFrames = 0;
            }
        } finally {
            callLock.unlock();
        }
    }

    /**
     * Waits until every posted request was answered.
     *
     * @throws ChorusException the first error answer to a posted request not yet reported, or LIBRARY when the
     *                         connection broke before every answer came
     */
    public void flush() throws ChorusException {
        lockCalls();
        try {
            flushPosted();
            readUntil(postedIds::isEmpty, FOREVER);
            synchronized (sync) {
                throwPostFailure();
                if (!postedIds.isEmpty()) {
                    throw copy(broken);
                }
            }
        } finally {
            callLock.unlock();
        }
    }

    /** Called holding {@link #sync}. */
    private void throwPostFailure() throws ChorusException {
        ChorusException e = postFailure;
        if (e != null) {
            postFailure = null;
            throw copy(e);
        }
    }

    // ------------------------------------------------------------------------------------------ dispatch

    /**
     * Runs callbacks on the calling thread with the handler given at connect (SA Forum {@code xDispatch}).
     *
     * @return how many callbacks ran
     * @throws ChorusException LIBRARY when the executive went away and nothing is left to dispatch,
     *                         BAD_HANDLE after {@link #close()} (BLOCKING returns instead), INIT without handler
     */
    public int dispatch(DispatchMode mode) throws ChorusException {
        requireHandler();
        int n = 0;
        // Non-blocking modes read what the socket holds once each time the queue runs dry, and stop when that
        // brought nothing new.
        boolean readSinceEmpty = false;
        while (true) {
            EngineCallback cb;
            synchronized (sync) {
                cb = takeCallback();
                if (cb == null && broken != null && mode == DispatchMode.BLOCKING) {
                    if (closed) {
                        return n;
                    }
                    throw copy(broken);
                }
                if (cb == null && broken != null && readSinceEmpty) {
                    if (n == 0) {
                        throw copy(broken);
                    }
                    return n;
                }
            }
            if (cb == null) {
                if (mode == DispatchMode.BLOCKING) {
                    readUntil(this::callbackQueued, FOREVER);
                    continue;
                }
                if (readSinceEmpty) {
                    return n;
                }
                readUntil(this::callbackQueued, NOW);
                readSinceEmpty = true;
                continue;
            }
            readSinceEmpty = false;
            handler.callback(cb.fn(), cb.body());
            n++;
            if (mode == DispatchMode.ONE) {
                return n;
            }
        }
    }

    /** Called holding {@link #sync}. */
    private boolean callbackQueued() {
        return !callbacks.isEmpty();
    }

    /** The oldest queued callback, or null; called holding {@link #sync}. */
    private EngineCallback takeCallback() {
        EngineCallback cb = callbacks.poll();
        if (cb != null) {
            queuedCallbackBytes -= cb.body().remaining();
        }
        return cb;
    }

    /**
     * Waits up to {@code timeout} for a callback, then runs every pending one with the handler.
     *
     * @return how many ran (0: none arrived in time)
     */
    public int dispatch(Duration timeout) throws ChorusException {
        requireHandler();
        EngineCallback first = poll(timeout);
        if (first == null) {
            return 0;
        }
        handler.callback(first.fn(), first.body());
        int n = 1;
        while (true) {
            EngineCallback cb;
            synchronized (sync) {
                cb = takeCallback();
            }
            if (cb == null) {
                return n;
            }
            handler.callback(cb.fn(), cb.body());
            n++;
        }
    }

    /**
     * Takes the next callback, waiting up to {@code timeout}; null when none arrived in time.
     *
     * @throws ChorusException LIBRARY once the executive is gone and the queue is empty; BAD_HANDLE after close
     */
    public EngineCallback poll(Duration timeout) throws ChorusException {
        // A poll that does not wait (CallbackLoop's dispatch(ALL) polls with 0 until nothing is left) reads as NOW.
        long deadline = timeout.isZero() || timeout.isNegative() ? NOW : System.nanoTime() + timeout.toNanos();
        synchronized (sync) {
            EngineCallback cb = takeCallback();
            if (cb != null) {
                return cb;
            }
        }
        readUntil(this::callbackQueued, deadline);
        synchronized (sync) {
            EngineCallback cb = takeCallback();
            if (cb == null && broken != null) {
                throw copy(broken);
            }
            return cb;
        }
    }

    /**
     * Runs the handler's callbacks on a dedicated daemon thread (DISPATCH_BLOCKING) until {@link #close()}; when
     * the executive goes away it calls {@link DispatchHandler#disconnected} and ends.
     */
    public void startDispatchThread() throws ChorusException {
        requireHandler();
        synchronized (sync) {
            checkUsable();
            if (dispatchThread != null) {
                throw new ChorusException(ChorusError.EXIST, "dispatch thread already running");
            }
            dispatchThread = new Thread(() -> {
                try {
                    dispatch(DispatchMode.BLOCKING);
                } catch (ChorusException e) {
                    if (e.error() != ChorusError.BAD_HANDLE) {
                        handler.disconnected(e);
                    }
                }
            }, "chorus-dispatch-" + engine);
            dispatchThread.setDaemon(true);
            dispatchThread.start();
        }
    }

    private void requireHandler() throws ChorusException {
        if (handler == null) {
            throw new ChorusException(ChorusError.INIT, "no DispatchHandler given at connect");
        }
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /**
     * Finalizes the handle: what was {@link #post}ed is first handed to the executive (waiting up to
     * {@link #CLOSE_FLUSH_TIMEOUT} for it to take them), then the executive cleans up for it; later calls fail with
     * BAD_HANDLE. Idempotent.
     */
    @Override
    public void close() {
        awaitPostedAnswers();
        closeNow();
    }

    /** How long {@link #close()} waits for the executive to take what was posted. */
    static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Posted requests are the program's messages already "sent": before the handle goes, write the corked ones and
     * wait (at most {@link #CLOSE_FLUSH_TIMEOUT}) until the executive took them all, since it drops what it still
     * holds for a closed session. Not from an interrupted thread, nor while another thread is in a call.
     */
    private void awaitPostedAnswers() {
        if (Thread.currentThread().isInterrupted() || !callLock.tryLock()) {
            return;
        }
        try {
            synchronized (sync) {
                if (closed || broken != null || postedIds.isEmpty()) {
                    return;
                }
            }
            flushPosted();
            readUntil(postedIds::isEmpty, System.nanoTime() + CLOSE_FLUSH_TIMEOUT.toNanos());
        } catch (ChorusException e) {
            // interrupted meanwhile: close at once
        } finally {
            callLock.unlock();
        }
    }

    private void closeNow() {
        synchronized (sync) {
            if (closed) {
                return;
            }
            closed = true;
            if (broken == null) {
                broken = new ChorusException(ChorusError.BAD_HANDLE, "handle closed");
            }
            callbacks.clear();  // a finalized handle dispatches nothing more (BAD_HANDLE), as the class promises
            queuedCallbackBytes = 0;
            sync.notifyAll();
        }
        readSelector.wakeup();
        writeSelector.wakeup();
        closeQuietly(channel);
        releaseSelectorsWhenIdle();
    }

    private void checkUsable() throws ChorusException {
        if (closed) {
            throw new ChorusException(ChorusError.BAD_HANDLE, "handle closed");
        }
        if (broken != null) {
            throw copy(broken);
        }
    }

    /** A fresh exception (with the caller's stack) for a stored failure. */
    private static ChorusException copy(ChorusException e) {
        String m = e.getMessage();
        String prefix = e.error().toString();
        String detail = m.startsWith(prefix + ": ") ? m.substring(prefix.length() + 2) : null;
        return new ChorusException(e.error(), detail);
    }

    private void fail(ChorusException why) {
        synchronized (sync) {
            if (broken == null) {
                broken = why;
            }
            sync.notifyAll();
        }
        readSelector.wakeup();
        closeQuietly(channel);
        releaseSelectorsWhenIdle();
    }

    /**
     * The drainer's visit: when no thread of the program read since the last visit, move what the socket holds into
     * the queue (the drainer's own pass does not count as the program reading).
     *
     * @return -1 once the handle is broken (the drainer forgets it), 1 when it read something (visit again soon: data
     *         is streaming in while the program does not read), else 0
     */
    int drainIfIdle() {
        flushPostedWithoutWaiting();
        synchronized (sync) {
            if (broken != null) {
                return -1;
            }
            if (reading || readRecently) {
                readRecently = false;
                return 0;
            }
        }
        long before = bytesRead;
        try {
            readUntil(NOTHING, NOW, true);
        } catch (ChorusException e) {
            // only INTERRUPT, and the drainer's thread is never interrupted
        }
        synchronized (sync) {
            readRecently = false;
        }
        return bytesRead != before ? 1 : 0;
    }

    /** Closes the selectors of a broken handle once no thread reads (the leader calls this when it steps down). */
    private void releaseSelectorsWhenIdle() {
        synchronized (sync) {
            if (broken == null || reading) {
                return;
            }
        }
        closeQuietly(readSelector);
        closeQuietly(writeSelector);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    // ------------------------------------------------------------------------------------------ wire

    private static final ByteBuffer[] NO_PARTS = {};
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The body of a one-part {@link #post}, without an array per message (posters hold {@link #callLock}). */
    private final ByteBuffer[] onePart = new ByteBuffer[1];
    private final ByteBuffer writeHeader = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    /** Header and body parts of the frame being written, for one gathering write without an array per frame. */
    private ByteBuffer[] frameParts = new ByteBuffer[2];

    /** Writes one frame with {@code body} (through a view: not consumed); see {@link #write(int, int, int, int, ByteBuffer[])}. */
    private void write(int type, int flags, int fn, int id, ByteBuffer body) throws IOException {
        write(type, flags, fn, id, new ByteBuffer[] {body});
    }

    /**
     * Writes one frame whose body is the {@code parts} (through views: not consumed), in one gathering write;
     * callers hold {@link #callLock} (or are connect, before any other thread exists).
     */
    private void write(int type, int flags, int fn, int id, ByteBuffer[] parts) throws IOException {
        int count = parts.length + 1;
        if (frameParts.length < count) {
            frameParts = new ByteBuffer[count];
        }
        frameParts[0] = header(type, flags, fn, id, bodyLength(parts));
        for (int i = 0; i < parts.length; i++) {
            frameParts[i + 1] = parts[i].duplicate();
        }
        try {
            writeFully(frameParts, count);
        } finally {
            Arrays.fill(frameParts, 1, count, null);  // the caller's bytes are not kept
        }
    }

    /** The frame header in the handle's one header buffer (writers hold {@link #callLock}). */
    private ByteBuffer header(int type, int flags, int fn, int id, int bodyLength) {
        ByteBuffer h = writeHeader.clear();
        IpcProtocol.putHeader(h, type, flags, fn, id, bodyLength);
        return h.flip();
    }

    /** Writes the first {@code count} of {@code buffers}. */
    private void writeFully(ByteBuffer[] buffers, int count) throws IOException {
        long left = 0;
        for (int i = 0; i < count; i++) {
            left += buffers[i].remaining();
        }
        while (left > 0) {
            long written = channel.write(buffers, 0, count);
            left -= written;
            if (written == 0) {
                awaitWritable();
            }
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                awaitWritable();
            }
        }
    }

    /**
     * The send buffer is full (a large request, or the executive stopped reading this client while its answers and
     * callbacks pile up): read what the executive sends meanwhile, so that it never finds this client not reading
     * while the client waits for it to read, then wait for room or for more frames, whichever comes first. (Waiting
     * for room alone read one socket buffer per wait, less than a ring delivers: the executive's outbound bound was
     * reached and a streaming sender disconnected.)
     */
    private void awaitWritable() throws IOException {
        try {
            // A plain read, without the cork's rule: this thread may be writing the cork, and answers to its first
            // frames would make the pipe look idle and write it again from its start.
            readUntil(NOTHING, NOW, false);
        } catch (ChorusException e) {
            throw new ClosedByInterruptException();
        }
        synchronized (sync) {
            if (broken != null) {
                throw new IOException(broken.getMessage());
            }
        }
        try {
            writeSelector.select(WRITE_WAIT_MILLIS);
            writeSelector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new IOException("handle closed");
        }
    }

    /** A deadline for {@link #readUntil}: no timeout. */
    private static final long FOREVER = Long.MAX_VALUE;
    /** A deadline for {@link #readUntil}: what the socket holds now, without waiting. */
    private static final long NOW = Long.MIN_VALUE;
    private static final long WRITE_WAIT_MILLIS = 10;
    /** Bytes one {@link #NOW} pass reads at most (the drainer visits every 5 ms: up to 800 MB/s per handle). */
    private static final long NOW_READ_BUDGET = 4L << 20;

    /** A {@link #readUntil} condition that never holds: read what the deadline allows. */
    private static final BooleanSupplier NOTHING = () -> false;

    /**
     * Returns once {@code done} holds (tested holding {@link #sync}), the handle broke or the {@code deadline}
     * ({@link System#nanoTime()}, or {@link #FOREVER}, or {@link #NOW}) passed. Meanwhile this thread reads the
     * socket when no other thread does (it leads), else waits for the leader to queue what it reads.
     *
     * @throws ChorusException INTERRUPT when the thread was interrupted (its interrupt status stays set)
     */
    private void readUntil(BooleanSupplier done, long deadline) throws ChorusException {
        // Corked posts (Nagle's rule, cork): a read that may wait writes them first, what it waits for may need them;
        // one that does not (a non-blocking dispatch or poll) writes them only into an idle pipe, before and after it
        // reads, since what it read may have answered the last written request.
        boolean mayWait = deadline != NOW;
        flushPostedIfFree(!mayWait);
        readUntil(done, deadline, false);
        if (!mayWait) {
            flushPostedIfFree(true);
        }
    }

    /**
     * As {@link #readUntil(BooleanSupplier, long)}; a {@code drainer} pass reads no further than
     * {@link Drainer#MAX_QUEUED_CALLBACK_BYTES} queued (the program's own reads are not bounded: a caller must reach
     * its answer, whatever callbacks come before it).
     */
    private void readUntil(BooleanSupplier done, long deadline, boolean drainer) throws ChorusException {
        while (true) {
            synchronized (sync) {
                while (true) {
                    if (done.getAsBoolean() || broken != null) {
                        return;
                    }
                    if (!reading) {
                        reading = true;
                        break;
                    }
                    if (deadline == NOW) {
                        return;  // the leader reads what is there
                    }
                    try {
                        if (deadline == FOREVER) {
                            sync.wait();
                        } else {
                            long left = deadline - System.nanoTime();
                            if (left <= 0) {
                                return;
                            }
                            TimeUnit.NANOSECONDS.timedWait(sync, left);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ChorusException(ChorusError.INTERRUPT);
                    }
                }
            }
            boolean timedOut;
            try {
                timedOut = lead(done, deadline, drainer);
            } finally {
                synchronized (sync) {
                    reading = false;
                    readRecently = true;
                    sync.notifyAll();
                }
                releaseSelectorsWhenIdle();
            }
            if (timedOut) {
                return;
            }
        }
    }

    /**
     * Reads as the leader until {@code done}, a broken handle (false), or the deadline (true). Checks the interrupt
     * status before touching the channel: an interrupted thread's channel I/O would close the connection.
     */
    private boolean lead(BooleanSupplier done, long deadline, boolean drainer) throws ChorusException {
        long readThisPass = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ChorusException(ChorusError.INTERRUPT);
            }
            // A pass that must not wait must not follow an endless stream either: it reads up to a budget.
            long room = deadline == NOW ? NOW_READ_BUDGET - readThisPass : Long.MAX_VALUE;
            if (drainer) {
                long unqueued = Drainer.MAX_QUEUED_CALLBACK_BYTES - queuedCallbackBytes() - in.position();
                if (unqueued <= 0) {
                    drainsHeldBack++;
                    return true;
                }
                room = Math.min(room, unqueued);
            }
            if (room <= 0) {
                return true;
            }
            int n;
            try {
                n = readAtMost(room);
            } catch (IOException e) {
                fail(new ChorusException(ChorusError.LIBRARY, "connection to the executive lost: " + e.getMessage()));
                return false;
            }
            ChorusException why = n > 0 ? parseFrames() : null;
            if (why == null && n < 0) {
                why = new ChorusException(ChorusError.LIBRARY, "the executive closed the connection");
            }
            if (why != null) {
                fail(why);
                return false;
            }
            synchronized (sync) {
                if (done.getAsBoolean() || broken != null) {
                    return false;
                }
            }
            if (n > 0) {
                bytesRead += n;
                readThisPass += n;
                continue;
            }
            if (deadline == NOW) {
                return true;  // what was there
            }
            long left = deadline == FOREVER ? 0 : deadline - System.nanoTime();
            if (deadline != FOREVER && left <= 0) {
                return true;
            }
            try {
                if (deadline == FOREVER) {
                    readSelector.select();
                } else {
                    readSelector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
                }
                readSelector.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                return false;
            } catch (IOException e) {
                fail(new ChorusException(ChorusError.LIBRARY, "waiting for the executive failed: " + e.getMessage()));
                return false;
            }
        }
    }

    /**
     * Reads into {@link #in} no more than {@code max} bytes: what the drainer reads stays within its bound, frames
     * it completes included (their bodies are bytes read, now or before, and still in {@code in} until then).
     */
    private int readAtMost(long max) throws IOException {
        if (max >= in.remaining()) {
            return channel.read(in);
        }
        int limit = in.limit();
        in.limit(in.position() + (int) max);
        try {
            return channel.read(in);
        } finally {
            in.limit(limit);
        }
    }

    /** Body bytes of the callbacks queued now (counted afresh from the queue, for tests). */
    long queuedBytes() {
        synchronized (sync) {
            long sum = 0;
            for (EngineCallback cb : callbacks) {
                sum += cb.body().remaining();
            }
            return sum;
        }
    }

    /** Drainer passes so far that found the queue at its bound and left the socket alone. */
    long drainsHeldBack() {
        return drainsHeldBack;
    }

    private long queuedCallbackBytes() {
        synchronized (sync) {
            return queuedCallbackBytes;
        }
    }

    /** Hands every complete frame in {@link #in} to {@link #onFrame}; a non-null result breaks the connection. */
    private ChorusException parseFrames() {
        in.flip();
        int needed = 0;
        try {
            while (in.remaining() >= 4) {
                int pos = in.position();
                int length = in.getInt(pos);
                if (length < IpcProtocol.HEADER_SIZE - 4 || length > IpcProtocol.MAX_LENGTH_FIELD) {
                    return new ChorusException(ChorusError.LIBRARY, "protocol error: frame length " + length);
                }
                int total = length + 4;
                if (in.remaining() < total) {
                    needed = total;
                    break;
                }
                if (in.remaining() < IpcProtocol.HEADER_SIZE) {
                    break;
                }
                int type = in.getShort(pos + 4) & 0xffff;
                int fn = in.getInt(pos + 8);
                int id = in.getInt(pos + 12);
                int bodyLength = total - IpcProtocol.HEADER_SIZE;
                ByteBuffer body = ByteBuffer.allocate(bodyLength).order(ByteOrder.LITTLE_ENDIAN);
                body.put(0, in, pos + IpcProtocol.HEADER_SIZE, bodyLength);
                in.position(pos + total);
                ChorusException why = onFrame(type, fn, id, body);
                if (why != null) {
                    return why;
                }
            }
        } finally {
            in.compact();
        }
        if (needed > in.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(needed).order(ByteOrder.LITTLE_ENDIAN);
            in.flip();
            bigger.put(in);
            in = bigger;
        }
        return null;
    }

    /** Handles one frame from the server; a non-null result ends the connection with that failure. */
    private ChorusException onFrame(int type, int fn, int id, ByteBuffer body) {
        synchronized (sync) {
            switch (type) {
                case IpcProtocol.HELLO_REPLY: {
                    if (helloDone || body.remaining() < 20) {
                        return new ChorusException(ChorusError.LIBRARY, "protocol error: unexpected HELLO_REPLY");
                    }
                    ChorusError status = ChorusError.of(body.getInt());
                    int major = body.getShort() & 0xffff;
                    body.getShort();
                    body.getInt();
                    long session = body.getLong();
                    String reason = IpcProtocol.text(body);
                    helloDone = true;
                    sync.notifyAll();
                    if (status != ChorusError.OK) {
                        helloFailure = new ChorusException(status, reason.isEmpty() ? null : reason);
                        return helloFailure;
                    }
                    if (major != IpcProtocol.MAJOR) {
                        helloFailure = new ChorusException(ChorusError.VERSION,
                                "executive speaks IPC protocol " + major + ", this library " + IpcProtocol.MAJOR);
                        return helloFailure;
                    }
                    sessionId = session;
                    return null;
                }
                case IpcProtocol.RESPONSE: {
                    if (!helloDone) {
                        return new ChorusException(ChorusError.LIBRARY, "protocol error: RESPONSE before HELLO_REPLY");
                    }
                    if (!postedIds.isEmpty() && postedIds.peek() == id) {
                        // Answers come in the order of the requests: a posted one's is the oldest outstanding.
                        postedIds.poll();
                        postedBytes -= postedLengths.poll();
                        ChorusError status = ResponseStatus.read(body);
                        if (status != ChorusError.OK && postFailure == null) {
                            postFailure = new ChorusException(status, engine + " posted request " + fn);
                        }
                        sync.notifyAll();
                        return null;
                    }
                    if (id == pendingId && pendingReply == null) {
                        ChorusError status = ResponseStatus.read(body);
                        ByteBuffer payload = body.remaining() >= ResponseStatus.SIZE
                                ? body.position(body.position() + ResponseStatus.SIZE).slice()
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                : ByteBuffer.allocate(0);
                        pendingReply = new Reply(fn, status, payload);
                        sync.notifyAll();
                    }
                    // Otherwise the answer to a call that timed out or was interrupted: dropped.
                    return null;
                }
                case IpcProtocol.DISPATCH:
                    if (!helloDone) {
                        return new ChorusException(ChorusError.LIBRARY, "protocol error: DISPATCH before HELLO_REPLY");
                    }
                    callbacks.add(new EngineCallback(fn, body));
                    queuedCallbackBytes += body.remaining();
                    sync.notifyAll();
                    return null;
                case IpcProtocol.CLOSED: {
                    ChorusError status = body.remaining() >= 4 ? ChorusError.of(body.getInt()) : ChorusError.LIBRARY;
                    String reason = IpcProtocol.text(body);
                    ChorusException e = new ChorusException(status, reason.isEmpty() ? null : reason);
                    if (!helloDone) {
                        helloDone = true;
                        helloFailure = e;
                    }
                    return e;
                }
                default:
                    return new ChorusException(ChorusError.LIBRARY, "protocol error: " + IpcProtocol.typeName(type));
            }
        }
    }

    @Override
    public String toString() {
        return "ChorusConnection[" + engine + " via " + socket + ", session " + sessionId() + "]";
    }
}
