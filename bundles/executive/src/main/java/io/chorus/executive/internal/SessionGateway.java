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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ClientGateway} of a node: IPC connections and in-container clients open sessions here. Calls
 * come from any thread and hop onto the ring's event loop (or run at once when already on it), where sessions
 * and requests live; a request the
 * admission control refuses is answered at once with the verdict (TRY_AGAIN, TOO_BIG) as the error code.
 */
public final class SessionGateway implements ClientGateway {

    private static final long OPEN_TIMEOUT_SECONDS = 30;

    private final Executive executive;
    private final ClusterRing ring;
    private final AtomicLong nextSessionId = new AtomicLong(1);

    public SessionGateway(Executive executive, ClusterRing ring) {
        this.executive = executive;
        this.ring = ring;
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

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        ByteBuffer copy = ByteBuffer.allocate(body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(body.duplicate()).flip();
        onLoop(() -> {
            if (!session.isOpen()) {
                return;
            }
            Admission verdict = executive.request(session, fn, copy);
            if (verdict != Admission.ACCEPTED) {
                session.respond(fn, ResponseStatus.of(verdict));
            }
        });
    }

    @Override
    public void close(ClientSession session) {
        onLoop(() -> {
            if (session instanceof GatewaySession gatewaySession) {
                gatewaySession.open = false;
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
