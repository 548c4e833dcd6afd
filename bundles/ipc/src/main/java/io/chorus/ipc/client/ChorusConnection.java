package io.chorus.ipc.client;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ResponseStatus;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
 *
 * <p><b>Callbacks</b> are read by a per-handle reader thread into a queue; run them with
 * {@link #dispatch(DispatchMode)} (ONE / ALL / BLOCKING), {@link #dispatch(Duration)} (wait up to a timeout),
 * {@link #poll(Duration)} (take one without a handler), or hand them to a dedicated thread with
 * {@link #startDispatchThread()}. (Java has no selectable fd to give out, which is what
 * {@code xSelectionObjectGet} was for.)
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
    private final SocketChannel channel;
    private final Thread reader;

    /** Serializes calls: one request in flight. */
    private final ReentrantLock callLock = new ReentrantLock();
    /** Guards everything below; the reader thread notifies on it. */
    private final Object sync = new Object();
    private final ArrayDeque<Callback> callbacks = new ArrayDeque<>();
    private boolean helloDone;
    private ChorusException helloFailure;
    private long sessionId;
    private int nextId = 1;
    private int pendingId;
    private Reply pendingReply;
    /** Why the handle no longer works (null while connected). */
    private ChorusException broken;
    private boolean closed;
    private Thread dispatchThread;
    private volatile long callTimeoutNanos;

    private ChorusConnection(Path socket, String engine, DispatchHandler handler, SocketChannel channel) {
        this.socket = socket;
        this.engine = engine;
        this.handler = handler;
        this.channel = channel;
        this.reader = new Thread(this::readLoop, "chorus-ipc-" + engine);
        this.reader.setDaemon(true);
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
        ChorusConnection c = new ChorusConnection(socket, engine, handler, ch);
        try {
            c.write(IpcProtocol.HELLO, 0, 0, hello);
        } catch (IOException e) {
            // The server may already have answered (a refused peer gets HELLO_REPLY ACCESS, then the server
            // closes): the reader still finds that answer in the receive buffer, or EOF (LIBRARY).
        }
        c.reader.start();
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
        synchronized (sync) {
            try {
                while (!helloDone && broken == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(sync, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdown();
                throw new ChorusException(ChorusError.INTERRUPT, "interrupted while connecting");
            }
            if (helloDone && helloFailure == null) {
                return;
            }
        }
        shutdown();
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
        Reply r = request(fn, body);
        if (r.status() != ChorusError.OK) {
            throw new ChorusException(r.status(), engine + " request " + fn);
        }
        return r.payload();
    }

    /** As {@link #call}, but returns a non-OK status instead of throwing it (transport failures still throw). */
    public Reply request(int fn, ByteBuffer body) throws ChorusException {
        ByteBuffer b = body == null ? ByteBuffer.allocate(0) : body.duplicate();
        if (b.remaining() > IpcProtocol.MAX_MESSAGE) {
            throw new ChorusException(ChorusError.TOO_BIG, "request of " + b.remaining()
                    + " bytes exceeds the IPC limit of " + IpcProtocol.MAX_MESSAGE + " bytes");
        }
        try {
            callLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ChorusError.INTERRUPT);
        }
        try {
            int id;
            synchronized (sync) {
                checkUsable();
                id = nextId++;
                if (nextId == 0) {
                    nextId = 1;
                }
                pendingId = id;
                pendingReply = null;
            }
            try {
                write(IpcProtocol.REQUEST, fn, id, b);
            } catch (ClosedByInterruptException e) {
                fail(new ChorusException(ChorusError.LIBRARY, "connection closed by an interrupt"));
                Thread.currentThread().interrupt();
                throw new ChorusException(ChorusError.INTERRUPT, "interrupted while sending; connection closed");
            } catch (IOException e) {
                fail(new ChorusException(ChorusError.LIBRARY, "connection to the executive lost: " + e.getMessage()));
            }
            return awaitReply();
        } finally {
            synchronized (sync) {
                pendingId = 0;
                pendingReply = null;
            }
            callLock.unlock();
        }
    }

    private Reply awaitReply() throws ChorusException {
        long timeout = callTimeoutNanos;
        long deadline = System.nanoTime() + timeout;
        synchronized (sync) {
            try {
                while (pendingReply == null && broken == null) {
                    if (timeout <= 0) {
                        sync.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new ChorusException(ChorusError.TIMEOUT, "no answer from " + engine + " within "
                                    + Duration.ofNanos(timeout));
                        }
                        TimeUnit.NANOSECONDS.timedWait(sync, left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChorusException(ChorusError.INTERRUPT, "interrupted while waiting for " + engine);
            }
            if (pendingReply != null) {
                return pendingReply;
            }
            throw copy(broken);
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
        while (true) {
            Callback cb;
            synchronized (sync) {
                cb = callbacks.poll();
                if (cb == null) {
                    if (mode != DispatchMode.BLOCKING) {
                        if (n == 0 && broken != null) {
                            throw copy(broken);
                        }
                        return n;
                    }
                    if (broken != null) {
                        if (closed) {
                            return n;
                        }
                        throw copy(broken);
                    }
                    try {
                        sync.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ChorusException(ChorusError.INTERRUPT);
                    }
                    continue;
                }
            }
            handler.callback(cb.fn(), cb.body());
            n++;
            if (mode == DispatchMode.ONE) {
                return n;
            }
        }
    }

    /**
     * Waits up to {@code timeout} for a callback, then runs every pending one with the handler.
     *
     * @return how many ran (0: none arrived in time)
     */
    public int dispatch(Duration timeout) throws ChorusException {
        requireHandler();
        Callback first = poll(timeout);
        if (first == null) {
            return 0;
        }
        handler.callback(first.fn(), first.body());
        int n = 1;
        while (true) {
            Callback cb;
            synchronized (sync) {
                cb = callbacks.poll();
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
    public Callback poll(Duration timeout) throws ChorusException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (sync) {
            while (true) {
                Callback cb = callbacks.poll();
                if (cb != null) {
                    return cb;
                }
                if (broken != null) {
                    throw copy(broken);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sync, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChorusException(ChorusError.INTERRUPT);
                }
            }
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

    /** Finalizes the handle: the executive cleans up for it; later calls fail with BAD_HANDLE. Idempotent. */
    @Override
    public void close() {
        synchronized (sync) {
            if (closed) {
                return;
            }
            closed = true;
            if (broken == null) {
                broken = new ChorusException(ChorusError.BAD_HANDLE, "handle closed");
            }
            sync.notifyAll();
        }
        closeQuietly(channel);
    }

    private void shutdown() {
        close();
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
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    // ------------------------------------------------------------------------------------------ wire

    private final ByteBuffer writeHeader = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);

    /** Writes one frame; callers hold {@link #callLock} (or are connect, before any other thread exists). */
    private void write(int type, int fn, int id, ByteBuffer body) throws IOException {
        ByteBuffer h = writeHeader.clear();
        IpcProtocol.putHeader(h, type, fn, id, body.remaining());
        h.flip();
        ByteBuffer b = body.duplicate();
        ByteBuffer[] both = {h, b};
        while (h.hasRemaining() || b.hasRemaining()) {
            channel.write(both);
        }
    }

    private void readLoop() {
        ByteBuffer header = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        ChorusException why;
        try {
            while (true) {
                header.clear();
                readFully(header);
                header.flip();
                int length = header.getInt();
                int type = header.getShort() & 0xffff;
                header.getShort();
                int fn = header.getInt();
                int id = header.getInt();
                if (length < IpcProtocol.HEADER_SIZE - 4 || length > IpcProtocol.MAX_LENGTH_FIELD) {
                    why = new ChorusException(ChorusError.LIBRARY, "protocol error: frame length " + length);
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(length - (IpcProtocol.HEADER_SIZE - 4))
                        .order(ByteOrder.LITTLE_ENDIAN);
                readFully(body);
                body.flip();
                why = onFrame(type, fn, id, body);
                if (why != null) {
                    break;
                }
            }
        } catch (EOFException e) {
            why = new ChorusException(ChorusError.LIBRARY, "the executive closed the connection");
        } catch (IOException e) {
            why = new ChorusException(ChorusError.LIBRARY, "connection to the executive lost: " + e.getMessage());
        }
        fail(why);
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
                    callbacks.add(new Callback(fn, body));
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

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException();
            }
        }
    }

    @Override
    public String toString() {
        return "ChorusConnection[" + engine + " via " + socket + ", session " + sessionId() + "]";
    }

}
