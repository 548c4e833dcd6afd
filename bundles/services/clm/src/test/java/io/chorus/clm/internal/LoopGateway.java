package io.chorus.clm.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.executive.Executive;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link ClientGateway} for tests on the virtual clock, where the test thread is every node's event loop:
 * it calls the executive directly instead of hopping threads (the executive's SessionGateway waits on a
 * future for open, which would deadlock a single-threaded simulation). Otherwise it behaves as
 * SessionGateway: admission refusals become the response, closed sessions stop receiving.
 */
final class LoopGateway implements ClientGateway {

    private final Executive executive;
    private long nextId = 1;

    LoopGateway(Executive executive) {
        this.executive = executive;
    }

    @Override
    public ClientSession open(String engine, ClientCredentials credentials, ClientSink sink) throws ChorusException {
        int id = executive.loadedEngines().stream().filter(e -> e.answersTo(engine)).findFirst()
                .orElseThrow(() -> new ChorusException(ChorusError.NOT_EXIST, engine)).id();
        Session s = new Session(nextId++, credentials, sink);
        if (!executive.openSession(id, s)) {
            throw new ChorusException(ChorusError.NOT_EXIST, engine);
        }
        return s;
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        ByteBuffer copy = ByteBuffer.allocate(body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(body.duplicate()).flip();
        Admission verdict = executive.request(session, fn, copy);
        if (verdict != Admission.ACCEPTED) {
            session.respond(fn, ResponseStatus.of(verdict == Admission.TOO_BIG ? ChorusError.TOO_BIG
                    : ChorusError.TRY_AGAIN));
        }
    }

    @Override
    public void close(ClientSession session) {
        ((Session) session).open = false;
        executive.closeSession(session);
    }

    private static final class Session implements ClientSession {
        private final long id;
        private final ClientCredentials credentials;
        private final ClientSink sink;
        private boolean open = true;
        private Object attachment;

        Session(long id, ClientCredentials credentials, ClientSink sink) {
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
            attachment = state;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
