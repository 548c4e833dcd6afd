package io.chorus.executive.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.Executive;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ClientGateway} of a node: IPC connections and in-container clients open sessions here. Calls
 * come from any thread and hop onto the ring's event loop (or run at once when already on it), where sessions
 * and requests live; a request the admission control refuses is answered at once with the verdict (TRY_AGAIN,
 * TOO_BIG) as the error code. A posted request (its client streams and does not wait) is held instead of being
 * answered TRY_AGAIN, with every later request of its session behind it, and retried once each token has left.
 */
public final class SessionGateway implements ClientGateway {

    private static final long OPEN_TIMEOUT_SECONDS = 30;

    private final Executive executive;
    private final ClusterRing ring;
    private final AtomicLong nextSessionId = new AtomicLong(1);
    /** Bytes of requests one session may have held: 8 × the client library's posting window. */
    static final long MAX_HELD_BYTES = 8L << 20;
    /** Sessions with held requests, retried once each token has left ({@link RetryAfterToken}); on the loop. */
    private final Set<GatewaySession> holding = new LinkedHashSet<>();
    /** Retries the holding sessions once each token has left. */
    private final RetryAfterToken retries;

    public SessionGateway(Executive executive, ClusterRing ring) {
        this.executive = executive;
        this.ring = ring;
        this.retries = new RetryAfterToken(ring, () -> !holding.isEmpty(), this::retryHeld);
    }

    @Override
    public ClientSession open(String engine, ClientCredentials credentials, ClientSink sink) throws ChorusException {
        CompletableFuture<ClientSession> opened = new CompletableFuture<>();
        onLoop(() -> {
            EngineInfo info = executive.loadedEngines().stream().filter(e -> e.answersTo(engine)).findFirst()
                    .orElse(null);
            if (info == null) {
                opened.complete(null);
                return;
            }
            GatewaySession session = new GatewaySession(nextSessionId.getAndIncrement(), credentials, sink);
            opened.complete(executive.openSession(info.id(), session) ? session : null);
        });
        ClientSession session;
        try {
            session = opened.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ChorusError.INTERRUPT, "interrupted while opening " + engine);
        } catch (ExecutionException | TimeoutException e) {
            throw new ChorusException(ChorusError.TIMEOUT, "the executive did not open " + engine);
        }
        if (session == null) {
            throw new ChorusException(ChorusError.NOT_EXIST, "no service engine '" + engine + "' is loaded");
        }
        return session;
    }

    /** {@code body} is the gateway's from here on (the contract of {@link ClientGateway#request}): kept, not copied. */
    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        submit(session, new Request(fn, body.duplicate().order(ByteOrder.LITTLE_ENDIAN), false));
    }

    @Override
    public void post(ClientSession session, int fn, ByteBuffer body) {
        submit(session, new Request(fn, body.duplicate().order(ByteOrder.LITTLE_ENDIAN), true));
    }

    private void submit(ClientSession session, Request r) {
        onLoop(() -> {
            if (!session.isOpen()) {
                return;
            }
            if (!(session instanceof GatewaySession s)) {
                answer(session, r);
                return;
            }
            if (!s.held.isEmpty()) {
                if (s.heldBytes + r.body.remaining() > MAX_HELD_BYTES) {
                    // Beyond any client library's window (512 posts / 1 MiB): refused, not kept without bound.
                    s.respond(r.fn, ResponseStatus.of(Admission.TRY_AGAIN));
                    return;
                }
                s.held.add(r);  // behind the held ones: a session's requests are handled in the order sent
                s.heldBytes += r.body.remaining();
                return;
            }
            if (!attempt(s, r)) {
                hold(s, r);
            }
        });
    }

    /** Hands a request to the executive and answers a refusal; on the loop. */
    private void answer(ClientSession session, Request r) {
        Admission verdict = executive.request(session, r.fn, r.body.duplicate());
        if (verdict != Admission.ACCEPTED) {
            session.respond(r.fn, ResponseStatus.of(verdict));
        }
    }

    /**
     * Tries a request; false when it is a posted one that admission control, or the engine while handling it,
     * refused with TRY_AGAIN (then nothing was answered and it must be held). Each attempt gets a fresh view of
     * the body, which an engine may have consumed.
     */
    private boolean attempt(GatewaySession s, Request r) {
        if (!r.posted) {
            answer(s, r);
            return true;
        }
        Admission verdict;
        s.absorbTryAgain = true;
        s.absorbedTryAgain = false;
        try {
            verdict = executive.request(s, r.fn, r.body.duplicate());
        } finally {
            s.absorbTryAgain = false;
        }
        if (verdict == Admission.TRY_AGAIN || s.absorbedTryAgain) {
            return false;
        }
        if (verdict != Admission.ACCEPTED) {
            s.respond(r.fn, ResponseStatus.of(verdict));
        }
        return true;
    }

    private void hold(GatewaySession s, Request r) {
        s.held.add(r);
        s.heldBytes += r.body.remaining();
        holding.add(s);
        retries.arm();
    }

    /** Every session's held requests, in order, as far as they go ({@link RetryAfterToken}); on the loop. */
    private void retryHeld() {
        // A snapshot: an attempt may run an in-container client's code, which may post (and hold) again.
        for (GatewaySession s : List.copyOf(holding)) {
            while (s.open && !s.held.isEmpty()) {
                Request r = s.held.peek();
                boolean taken;
                try {
                    taken = attempt(s, r);
                } catch (IllegalStateException e) {
                    s.held.clear();  // the executive closed the session (its engine unloaded)
                    break;
                } catch (RuntimeException e) {
                    // The engine failed on it: answer as the executive answers a failed request, and go on.
                    s.respond(r.fn, ResponseStatus.of(ChorusError.LIBRARY));
                    taken = true;
                }
                if (!taken) {
                    break;
                }
                s.held.poll();
                s.heldBytes -= r.body.remaining();
            }
            if (!s.open || s.held.isEmpty()) {
                s.held.clear();
                s.heldBytes = 0;
                holding.remove(s);
            }
        }
    }

    /** Held requests of every session (for statistics and tests); on the loop. */
    int heldRequests() {
        int n = 0;
        for (GatewaySession s : holding) {
            n += s.held.size();
        }
        return n;
    }

    /** One client request as the gateway keeps it: a private copy of the body. */
    private record Request(int fn, ByteBuffer body, boolean posted) {
    }

    @Override
    public void close(ClientSession session) {
        onLoop(() -> {
            if (session instanceof GatewaySession gatewaySession) {
                gatewaySession.open = false;
                gatewaySession.held.clear();
                gatewaySession.heldBytes = 0;
            }
            executive.closeSession(session);
        });
    }

    /** The ring's event loop (the transport's Netty loop in production). */
    @Override
    public Executor executor() {
        return ring.executor();
    }

    /**
     * On the ring's thread the work runs at once (an engine's own in-container client, or a test whose thread is
     * every node's loop on a virtual clock: waiting for the loop there would wait forever); elsewhere it hops.
     */
    private void onLoop(Runnable task) {
        if (ring.inEventLoop()) {
            task.run();
        } else {
            ring.execute(task);
        }
    }

    /** A session whose answers go to the client's sink. */
    private static final class GatewaySession implements ClientSession {
        private final long id;
        private final ClientCredentials credentials;
        private final ClientSink sink;
        private volatile boolean open = true;
        private Object attachment;
        /** Requests waiting behind a posted one refused for now, in the order sent; on the loop. */
        private final ArrayDeque<Request> held = new ArrayDeque<>();
        private long heldBytes;
        /** While a posted request is tried: a TRY_AGAIN the engine answers is swallowed and noted. */
        private boolean absorbTryAgain;
        private boolean absorbedTryAgain;

        GatewaySession(long id, ClientCredentials credentials, ClientSink sink) {
            this.id = id;
            this.credentials = credentials;
            this.sink = sink;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public int pid() {
            return credentials.pid();
        }

        @Override
        public int uid() {
            return credentials.uid();
        }

        @Override
        public int gid() {
            return credentials.gid();
        }

        @Override
        public void respond(int fn, ByteBuffer response) {
            if (absorbTryAgain && ResponseStatus.read(response) == ChorusError.TRY_AGAIN) {
                absorbedTryAgain = true;
                return;
            }
            if (open) {
                sink.respond(fn, response);
            }
        }

        @Override
        public void dispatch(int fn, ByteBuffer callback) {
            if (open) {
                sink.dispatch(fn, callback);
            }
        }

        @Override
        public void dispatch(int fn, ByteBuffer head, ByteBuffer tail) {
            if (open) {
                sink.dispatch(fn, head, tail);
            }
        }

        @Override
        public <T> T attachment(Class<T> type) {
            return type.isInstance(attachment) ? type.cast(attachment) : null;
        }

        @Override
        public void attach(Object state) {
            this.attachment = state;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
