package io.chorus.ipc.client;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.spi.ResponseStatus;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test stand-in for the executive: one engine, "echo", whose requests are served on a single "ring" thread
 * (as the executive hops onto the ring's event loop).
 */
final class EchoGateway implements ClientGateway {

    static final int ECHO = 1;
    static final int TRY_AGAIN = 2;
    /** Body: int count, int size. Sends count callbacks (fn CALLBACK, body: int seq + filler) then answers OK. */
    static final int CALLBACKS = 3;
    /** Body: int count. Sends count 1 MiB callbacks from the ring thread, answers OK, then counts flood completion. */
    static final int FLOOD = 4;
    /** Answers OK, then the executive closes the session. */
    static final int CLOSE_SESSION = 5;
    /** Answers with more than 1 MiB. */
    static final int HUGE_ANSWER = 6;
    /** Body: int count, int size. Answers OK, then sends count callbacks of size bytes, one per millisecond. */
    static final int STREAM = 7;
    /**
     * Body: int count. Sends count callbacks (body: int seq), the even ones from the ring thread and the odd ones
     * from another thread while the ring waits for it, then answers OK from the ring.
     */
    static final int ALTERNATE = 8;
    /** Answered OK only once {@link #releaseHeld} is called; the body's text is recorded on arrival ({@link #held}). */
    static final int HELD = 9;
    static final int CALLBACK = 100;

    final BlockingQueue<Long> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> closed = new LinkedBlockingQueue<>();
    final BlockingQueue<ClientCredentials> credentials = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> floodsDone = new LinkedBlockingQueue<>();
    /** A STREAM's callbacks were all handed to the sink. */
    final BlockingQueue<Integer> streamsDone = new LinkedBlockingQueue<>();
    /** Where requests are served: a plain thread, or a Netty epoll loop the server then serves connections on. */
    private final ScheduledExecutorService ring;
    private final EventLoopGroup nettyRing;
    /** The "other thread" of {@link #ALTERNATE}. */
    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-engine-worker");
        t.setDaemon(true);
        return t;
    });

    /** Served on a plain "ring" thread: the IPC server keeps its own loop, answers hop to it. */
    EchoGateway() {
        this(false);
    }

    /** {@code onNettyLoop}: the fake ring is an epoll event loop offered as {@link #executor()}, as a real node's. */
    EchoGateway(boolean onNettyLoop) {
        if (onNettyLoop) {
            nettyRing = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fake-ring", true),
                    EpollIoHandler.newFactory());
            ring = nettyRing.next();
        } else {
            nettyRing = null;
            ring = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fake-ring");
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public Executor executor() {
        return nettyRing == null ? null : ring;
    }
    final java.util.concurrent.CountDownLatch slowOpen = new java.util.concurrent.CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();

    @Override
    public ClientSession open(String engine, ClientCredentials creds, ClientSink sink) throws ChorusException {
        if (engine.equals("slow")) {
            // An executive whose ring is busy: open waits for it.
            try {
                if (!slowOpen.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new ChorusException(ChorusError.TIMEOUT, "slow open");
                }
            } catch (InterruptedException e) {
                throw new ChorusException(ChorusError.INTERRUPT);
            }
        } else if (!engine.equals("echo")) {
            throw new ChorusException(ChorusError.NOT_EXIST, "no engine " + engine);
        }
        Session s = new Session(ids.incrementAndGet(), creds, sink);
        credentials.add(creds);
        opened.add(s.id);
        return s;
    }

    /** Bodies of the HELD requests, in the order the gateway got them. */
    final BlockingQueue<String> held = new LinkedBlockingQueue<>();
    /** Answers to HELD requests not given yet (ring thread only). */
    private final java.util.ArrayDeque<Runnable> heldAnswers = new java.util.ArrayDeque<>();

    /** Answers every HELD request received so far, in order. */
    void releaseHeld() {
        ring.execute(() -> {
            Runnable answer;
            while ((answer = heldAnswers.poll()) != null) {
                answer.run();
            }
        });
    }

    /** Bodies of the posted ECHO requests, in the order the gateway got them. */
    final List<String> postedEchoes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @Override
    public void post(ClientSession session, int fn, ByteBuffer body) {
        if (fn == ECHO) {
            postedEchoes.add(IpcProtocol.text(body));
        }
        request(session, fn, body);
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        Session s = (Session) session;
        ring.execute(() -> serve(s, fn, body.order(ByteOrder.LITTLE_ENDIAN)));
    }

    private void serve(Session s, int fn, ByteBuffer body) {
        switch (fn) {
            case ECHO:
                s.sink.respond(fn, ResponseStatus.ok(body));
                break;
            case TRY_AGAIN:
                s.sink.respond(fn, ResponseStatus.of(ChorusError.TRY_AGAIN));
                break;
            case CALLBACKS: {
                int count = body.getInt(0);
                int size = body.getInt(4);
                for (int i = 0; i < count; i++) {
                    ByteBuffer cb = ByteBuffer.allocate(Math.max(4, size)).order(ByteOrder.LITTLE_ENDIAN);
                    cb.putInt(0, i);
                    s.sink.dispatch(CALLBACK, cb);
                }
                s.sink.respond(fn, ResponseStatus.of(ChorusError.OK));
                break;
            }
            case FLOOD: {
                int count = body.getInt(0);
                s.sink.respond(fn, ResponseStatus.of(ChorusError.OK));
                ByteBuffer big = ByteBuffer.allocate(IpcProtocol.MAX_MESSAGE);
                for (int i = 0; i < count; i++) {
                    s.sink.dispatch(CALLBACK, big.duplicate());
                }
                floodsDone.add(count);
                break;
            }
            case CLOSE_SESSION:
                s.sink.respond(fn, ResponseStatus.of(ChorusError.OK));
                s.open = false;
                s.sink.closed();
                break;
            case STREAM: {
                int count = body.getInt(0);
                int size = body.getInt(4);
                s.sink.respond(fn, ResponseStatus.of(ChorusError.OK));
                for (int i = 0; i < count; i++) {
                    int seq = i;
                    ring.schedule(() -> {
                        ByteBuffer cb = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
                        cb.putInt(0, seq);
                        s.sink.dispatch(CALLBACK, cb);
                        if (seq == count - 1) {
                            streamsDone.add(count);
                        }
                    }, i + 1L, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                break;
            }
            case ALTERNATE: {
                int count = body.getInt(0);
                for (int i = 0; i < count; i++) {
                    ByteBuffer cb = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, i);
                    if (i % 2 == 0) {
                        s.sink.dispatch(CALLBACK, cb);
                    } else {
                        // The ring waits, so the sends happen in seq order whichever thread makes them.
                        awaitElsewhere(() -> s.sink.dispatch(CALLBACK, cb));
                    }
                }
                s.sink.respond(fn, ResponseStatus.of(ChorusError.OK));
                break;
            }
            case HELD:
                held.add(IpcProtocol.text(body));
                heldAnswers.add(() -> s.sink.respond(fn, ResponseStatus.of(ChorusError.OK)));
                break;
            case HUGE_ANSWER:
                s.sink.respond(fn, ByteBuffer.allocate(IpcProtocol.MAX_BODY + 1));
                break;
            default:
                s.sink.respond(fn, ResponseStatus.of(ChorusError.NOT_SUPPORTED));
        }
    }

    private void awaitElsewhere(Runnable r) {
        try {
            elsewhere.submit(r).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close(ClientSession session) {
        ((Session) session).open = false;
        closed.add(session.id());
    }

    void shutdown() {
        elsewhere.shutdownNow();
        if (nettyRing != null) {
            nettyRing.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            ring.shutdownNow();
        }
    }

    private static final class Session implements ClientSession {
        final long id;
        final ClientCredentials creds;
        final ClientSink sink;
        volatile boolean open = true;
        Object state;

        Session(long id, ClientCredentials creds, ClientSink sink) {
            this.id = id;
            this.creds = creds;
            this.sink = sink;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public int pid() {
            return creds.pid();
        }

        @Override
        public int uid() {
            return creds.uid();
        }

        @Override
        public int gid() {
            return creds.gid();
        }

        @Override
        public void respond(int fn, ByteBuffer response) {
            sink.respond(fn, response);
        }

        @Override
        public void dispatch(int fn, ByteBuffer callback) {
            sink.dispatch(fn, callback);
        }

        @Override
        public <T> T attachment(Class<T> type) {
            return type.cast(state);
        }

        @Override
        public void attach(Object s) {
            state = s;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
