package io.chorus.api.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.spi.ResponseStatus;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.After;
import org.junit.Test;

/** The in-container connection with a gateway that answers on its own thread, as the executive's event loop does. */
public class GatewayConnectionTest {

    private final ExecutorService loop = Executors.newSingleThreadExecutor();

    @After
    public void stop() {
        loop.shutdownNow();
    }

    /** Echoes each request's body back as an OK payload, then sends one callback; fn 99 answers TRY_AGAIN. */
    private final class EchoGateway implements ClientGateway {
        ClientSink sink;
        boolean closed;

        @Override
        public ClientSession open(String engine, ClientCredentials credentials, ClientSink s) throws ChorusException {
            if (!engine.equals("echo")) {
                throw new ChorusException(ChorusError.NOT_EXIST, engine);
            }
            sink = s;
            return null; // the connection only hands the session back to this gateway
        }

        @Override
        public void request(ClientSession session, int fn, ByteBuffer body) {
            ByteBuffer copy = ByteBuffer.allocate(body.remaining()).put(body.duplicate()).flip();
            loop.execute(() -> {
                if (fn == 99) {
                    sink.respond(fn, ResponseStatus.of(ChorusError.TRY_AGAIN));
                    return;
                }
                sink.respond(fn, ResponseStatus.ok(copy));
                sink.dispatch(7, copy);
            });
        }

        @Override
        public void close(ClientSession session) {
            closed = true;
        }
    }

    @Test
    public void callsWaitForTheLoopsAnswerAndCallbacksQueue() throws Exception {
        EchoGateway g = new EchoGateway();
        GatewayConnection c = GatewayConnection.open(g, "echo");
        ByteBuffer answer = c.call(1, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals(3, answer.remaining());
        assertEquals(3, answer.get(2));
        EngineCallback cb = c.poll(5000);
        assertEquals(7, cb.fn());
        assertEquals(3, cb.body().remaining());
        assertNull(c.poll(0));
        try {
            c.call(99, null);
            fail();
        } catch (ChorusException e) {
            assertEquals(ChorusError.TRY_AGAIN, e.error());
        }
        c.close();
        assertEquals(true, g.closed);
        try {
            c.call(1, null);
            fail();
        } catch (ChorusException e) {
            assertEquals(ChorusError.BAD_HANDLE, e.error());
        }
    }

    @Test
    public void theExecutiveClosingTheSessionMakesCallsFailWithLibrary() throws Exception {
        EchoGateway g = new EchoGateway();
        GatewayConnection c = GatewayConnection.open(g, "echo");
        g.sink.closed();
        try {
            c.call(1, null);
            fail();
        } catch (ChorusException e) {
            assertEquals(ChorusError.LIBRARY, e.error());
        }
        try {
            c.poll(-1);
            fail();
        } catch (ChorusException e) {
            assertEquals(ChorusError.LIBRARY, e.error());
        }
    }

    @Test
    public void anUnknownEngineIsNotExist() {
        try {
            GatewayConnection.open(new EchoGateway(), "nope");
            fail();
        } catch (ChorusException e) {
            assertEquals(ChorusError.NOT_EXIST, e.error());
        }
    }
}
