package io.chorus.ipc.client;

import io.chorus.api.client.EngineCallback;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.ipc.internal.AccessPolicy;
import io.chorus.ipc.internal.IpcServer;
import io.chorus.ipc.internal.IpcSettings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * The server and the client library over a real unix socket, with a fake executive (an echo engine), twice: served
 * from a plain thread (answers hop to the IPC loop) and from an epoll loop the server also serves the connections on
 * (a node's ring loop: answers batched per loop run).
 */
@RunWith(Parameterized.class)
public class IpcServerTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> servedFrom() {
        return List.of(new Object[] {"plain ring thread"}, new Object[] {"ring event loop"});
    }

    @Parameterized.Parameter
    public String servedFrom;

    @Rule
    public EchoServerRule echo = new EchoServerRule(() -> servedFrom.equals("ring event loop"));

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.flip();
    }

    @Test
    public void requestsRoundTripAndTheSocketIsRestricted() throws Exception {
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(echo.socket())));
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            assertTrue(c.sessionId() > 0);
            assertEquals(Long.valueOf(c.sessionId()), echo.gateway().opened.poll(5, TimeUnit.SECONDS));
            assertEquals(ProcessHandle.current().pid(), echo.gateway().credentials.take().pid());
            for (int i = 0; i < 100; i++) {
                assertEquals("hello " + i, IpcProtocol.text(c.call(EchoGateway.ECHO, utf8("hello " + i))));
            }
            assertEquals(0, c.call(EchoGateway.ECHO, ByteBuffer.allocate(0)).remaining());
        }
    }

    @Test
    public void postedRequestsStreamInOrderAndTheirErrorsComeWithTheNextPostOrFlush() throws Exception {
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            List<String> sent = new ArrayList<>();
            int callbacks = 0;
            for (int i = 0; i < 5000; i++) {
                sent.add("m" + i);
                c.post(EchoGateway.ECHO, utf8("m" + i));
                if (i % 500 == 499) {
                    // A waited-for call among posted ones: its answer and its callbacks come in order.
                    c.call(EchoGateway.CALLBACKS, ints(3, 16));
                    callbacks += 3;
                }
            }
            int dispatched = 0;
            EngineCallback cb;
            while ((cb = c.poll(Duration.ZERO)) != null) {
                assertEquals(EchoGateway.CALLBACK, cb.fn());
                assertEquals(dispatched % 3, cb.body().getInt(0));
                dispatched++;
            }
            assertEquals(callbacks, dispatched);
            // A waited-for call after posted ones gets its own answer.
            assertEquals("after", IpcProtocol.text(c.call(EchoGateway.ECHO, utf8("after"))));
            c.flush();
            assertEquals("each went as a posted request, in order", sent, echo.gateway().postedEchoes);

            c.post(99, utf8("unknown function"));
            c.post(EchoGateway.ECHO, utf8("still sent"));
            try {
                c.flush();
                fail("the error answer to a posted request was lost");
            } catch (ChorusException e) {
                assertEquals(ChorusError.NOT_SUPPORTED, e.error());
            }
            c.flush();
            assertEquals("still sent", echo.gateway().postedEchoes.get(echo.gateway().postedEchoes.size() - 1));
        }
    }

    @Test
    public void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            String m = thread + ":" + i;
                            assertEquals(m, IpcProtocol.text(c.call(EchoGateway.ECHO, utf8(m))));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    public void tryAgainIsAnExceptionAndTheHandleStaysUsable() throws Exception {
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            try {
                c.call(EchoGateway.TRY_AGAIN, ByteBuffer.allocate(0));
                fail("TRY_AGAIN expected");
            } catch (ChorusException e) {
                assertEquals(ChorusError.TRY_AGAIN, e.error());
                assertTrue(e.isTryAgain());
            }
            Reply r = c.request(EchoGateway.TRY_AGAIN, ByteBuffer.allocate(0));
            assertEquals(ChorusError.TRY_AGAIN, r.status());
            assertEquals(EchoGateway.TRY_AGAIN, r.fn());
            assertEquals("still here", IpcProtocol.text(c.call(EchoGateway.ECHO, utf8("still here"))));
        }
    }

    @Test
    public void unknownEngineIsNotExist() {
        try {
            ChorusConnection.connect(echo.socket(), "nosuch").close();
            fail("NOT_EXIST expected");
        } catch (ChorusException e) {
            assertEquals(ChorusError.NOT_EXIST, e.error());
        }
    }

    @Test
    public void anotherProtocolMajorIsVersion() {
        try {
            ChorusConnection.connect(echo.socket(), "echo", null, IpcProtocol.MAJOR + 1).close();
            fail("VERSION expected");
        } catch (ChorusException e) {
            assertEquals(ChorusError.VERSION, e.error());
        }
    }

    @Test
    public void aSlowOpenDoesNotStallOtherConnections() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> slow = pool.submit(() -> {
                try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "slow")) {
                    return c.sessionId();
                }
            });
            try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
                assertEquals("meanwhile", IpcProtocol.text(c.call(EchoGateway.ECHO, utf8("meanwhile"))));
            }
            assertFalse(slow.isDone());
            echo.gateway().slowOpen.countDown();
            assertTrue(slow.get(30, TimeUnit.SECONDS) > 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void noExecutiveIsLibrary() {
        try {
            ChorusConnection.connect(echo.folder().getRoot().toPath().resolve("none.sock"), "echo").close();
            fail("LIBRARY expected");
        } catch (ChorusException e) {
            assertEquals(ChorusError.LIBRARY, e.error());
        }
    }

    @Test
    public void callbacksAreDispatchedOneAllOrWithATimeout() throws Exception {
        List<Integer> seen = new ArrayList<>();
        DispatchHandler h = (fn, body) -> {
            assertEquals(EchoGateway.CALLBACK, fn);
            seen.add(body.getInt(0));
        };
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo", h)) {
            assertEquals(0, c.dispatch(DispatchMode.ALL));
            assertNull(c.poll(Duration.ofMillis(1)));
            c.call(EchoGateway.CALLBACKS, ints(5, 16));
            // Callbacks sent before the answer are queued before call() returns.
            assertEquals(1, c.dispatch(DispatchMode.ONE));
            assertEquals(4, c.dispatch(DispatchMode.ALL));
            assertEquals(List.of(0, 1, 2, 3, 4), seen);
            assertEquals(0, c.dispatch(DispatchMode.ALL));

            c.call(EchoGateway.CALLBACKS, ints(3, 100));
            assertEquals(3, c.dispatch(Duration.ofSeconds(10)));
            c.call(EchoGateway.CALLBACKS, ints(1, 8));
            EngineCallback cb = c.poll(Duration.ofSeconds(10));
            assertNotNull(cb);
            assertEquals(0, cb.body().getInt(0));
        }
    }

    @Test
    public void aDispatchThreadRunsCallbacksAndHearsTheExecutiveLeave() throws Exception {
        CountDownLatch got = new CountDownLatch(50);
        AtomicReference<ChorusException> lost = new AtomicReference<>();
        CountDownLatch lostLatch = new CountDownLatch(1);
        DispatchHandler h = new DispatchHandler() {
            @Override
            public void callback(int fn, ByteBuffer body) {
                got.countDown();
            }

            @Override
            public void disconnected(ChorusException cause) {
                lost.set(cause);
                lostLatch.countDown();
            }
        };
        ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo", h);
        c.startDispatchThread();
        c.call(EchoGateway.CALLBACKS, ints(50, 64));
        assertTrue(got.await(10, TimeUnit.SECONDS));
        echo.server().close();
        assertTrue(lostLatch.await(10, TimeUnit.SECONDS));
        assertEquals(ChorusError.LIBRARY, lost.get().error());
        c.close();
    }

    @Test
    public void messagesUpToOneMebibyteTravelAndLargerOnesAreRefused() throws Exception {
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            byte[] big = new byte[IpcProtocol.MAX_MESSAGE];
            new Random(7).nextBytes(big);
            ByteBuffer r = c.call(EchoGateway.ECHO, ByteBuffer.wrap(big));
            byte[] back = new byte[r.remaining()];
            r.get(back);
            assertArrayEquals(big, back);

            c.call(EchoGateway.CALLBACKS, ints(2, IpcProtocol.MAX_MESSAGE));
            assertEquals(IpcProtocol.MAX_MESSAGE, c.poll(Duration.ofSeconds(10)).body().remaining());

            try {
                c.call(EchoGateway.ECHO, ByteBuffer.allocate(IpcProtocol.MAX_MESSAGE + 1));
                fail("TOO_BIG expected");
            } catch (ChorusException e) {
                assertEquals(ChorusError.TOO_BIG, e.error());
                assertTrue(e.getMessage(), e.getMessage().contains("1048576"));
            }
            try {
                c.call(EchoGateway.HUGE_ANSWER, ByteBuffer.allocate(0));
                fail("TOO_BIG expected");
            } catch (ChorusException e) {
                assertEquals(ChorusError.TOO_BIG, e.error());
            }
            assertEquals("ok", IpcProtocol.text(c.call(EchoGateway.ECHO, utf8("ok"))));
        }
    }

    @Test
    public void anOversizeFrameClosesTheConnection() throws Exception {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(echo.socket()));
            writeFrame(raw, IpcProtocol.HELLO, 0, 0, IpcProtocol.helloBody("echo", IpcProtocol.MAJOR, 0));
            assertEquals(IpcProtocol.HELLO_REPLY, readFrameType(raw));
            ByteBuffer h = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            IpcProtocol.putHeader(h, IpcProtocol.REQUEST, 1, 1, IpcProtocol.MAX_BODY + 1);
            raw.write(h.flip());
            assertTrue("the server closes the connection", drainsToEof(raw));
        }
        assertNotNull("the session is closed with the gateway", echo.gateway().closed.poll(10, TimeUnit.SECONDS));
        assertTrue(TestLog.awaitLine("exceeds the limit of " + IpcProtocol.MAX_LENGTH_FIELD));
    }

    @Test
    public void aKilledExecutiveMakesEveryCallFailWithLibrary() throws Exception {
        ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo", (fn, b) -> { });
        c.call(EchoGateway.ECHO, utf8("before"));
        echo.server().close();
        assertNotNull(echo.gateway().closed.poll(10, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            try {
                c.call(EchoGateway.ECHO, utf8("after"));
                fail("LIBRARY expected");
            } catch (ChorusException e) {
                assertEquals(ChorusError.LIBRARY, e.error());
            }
        }
        assertFalse(c.isConnected());
        try {
            c.dispatch(DispatchMode.ALL);
            fail("LIBRARY expected");
        } catch (ChorusException e) {
            assertEquals(ChorusError.LIBRARY, e.error());
        }
        c.close();
        try {
            c.call(EchoGateway.ECHO, utf8("closed"));
            fail("BAD_HANDLE expected");
        } catch (ChorusException e) {
            assertEquals(ChorusError.BAD_HANDLE, e.error());
        }
    }

    @Test
    public void aSigkilledExecutiveProcessMakesTheNextCallFailWithLibrary() throws Exception {
        Path sock = echo.folder().getRoot().toPath().resolve("killed.sock");
        Process executive = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EchoServerMain.class.getName(), sock.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(executive.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("LISTENING")) {
                // log lines of the child
            }
            assertEquals("LISTENING", line);
            try (ChorusConnection c = ChorusConnection.connect(sock, "echo")) {
                assertEquals("alive", IpcProtocol.text(c.call(EchoGateway.ECHO, utf8("alive"))));
                executive.destroyForcibly();
                assertTrue(executive.waitFor(30, TimeUnit.SECONDS));
                try {
                    c.call(EchoGateway.ECHO, utf8("dead"));
                    fail("LIBRARY expected");
                } catch (ChorusException e) {
                    assertEquals(ChorusError.LIBRARY, e.error());
                }
            }
            try {
                ChorusConnection.connect(sock, "echo").close();
                fail("LIBRARY expected: the socket file is left but nobody listens");
            } catch (ChorusException e) {
                assertEquals(ChorusError.LIBRARY, e.error());
            }
        } finally {
            executive.destroyForcibly();
            executive.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void theExecutiveClosingTheSessionIsLibraryWithAReason() throws Exception {
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            c.call(EchoGateway.CLOSE_SESSION, ByteBuffer.allocate(0));
            try {
                // The CLOSED frame may still be on its way: the next call fails either way.
                c.call(EchoGateway.ECHO, utf8("x"));
                fail("LIBRARY expected");
            } catch (ChorusException e) {
                assertEquals(ChorusError.LIBRARY, e.error());
            }
        }
        // The server calls the gateway's close (or not) before it forgets the connection: once it is gone, no
        // close() can come any more.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (echo.server().connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, echo.server().connectionCount());
        assertNull("the executive closed it itself: no close() back", echo.gateway().closed.poll());
    }

    @Test
    public void aClosedHandleDispatchesNothingMore() throws Exception {
        List<Integer> seen = new ArrayList<>();
        ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo", (fn, body) -> seen.add(body.getInt(0)));
        c.call(EchoGateway.CALLBACKS, ints(3, 8));  // three callbacks queued before the answer
        c.close();
        try {
            c.dispatch(DispatchMode.ALL);
            fail("dispatched on a closed handle");
        } catch (ChorusException e) {
            assertEquals(ChorusError.BAD_HANDLE, e.error());
        }
        assertEquals(0, c.dispatch(DispatchMode.BLOCKING));
        assertEquals(List.of(), seen);
    }

    @Test
    public void closingAHandleClosesTheSession() throws Exception {
        ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo");
        long id = c.sessionId();
        c.close();
        assertEquals(Long.valueOf(id), echo.gateway().closed.poll(10, TimeUnit.SECONDS));
        try {
            c.call(EchoGateway.ECHO, utf8("x"));
            fail("BAD_HANDLE expected");
        } catch (ChorusException e) {
            assertEquals(ChorusError.BAD_HANDLE, e.error());
        }
    }

    @Test
    public void aClientThatDiesIsCleanedUp() throws Exception {
        ChildJava java = new ChildJava(echo.folder().newFolder("child").toPath());
        Process p = java.start(List.of(), echo.socket().toString(), "echo", "1", "alive", "--hold");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertNotNull("probe output", first);
            assertTrue(first, first.startsWith("OK session ") && first.endsWith("reply alive"));
            assertEquals("CONNECTED", out.readLine());
            long session = Long.parseLong(first.split(" ")[2]);
            assertEquals(1, echo.server().connectionCount());
            p.destroyForcibly();
            assertEquals(Long.valueOf(session), echo.gateway().closed.poll(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void aClientThatDoesNotReadIsDisconnectedNotWaitedFor() throws Exception {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(echo.socket()));
            writeFrame(raw, IpcProtocol.HELLO, 0, 0, IpcProtocol.helloBody("echo", IpcProtocol.MAJOR, 0));
            assertEquals(IpcProtocol.HELLO_REPLY, readFrameType(raw));
            assertNotNull(echo.gateway().opened.poll(10, TimeUnit.SECONDS));
            // 32 MiB of callbacks against an 8 MiB bound, and the client reads nothing.
            writeFrame(raw, IpcProtocol.REQUEST, EchoGateway.FLOOD, 1, ints(32));
            assertEquals("the engine's dispatch calls never block", Integer.valueOf(32),
                    echo.gateway().floodsDone.poll(30, TimeUnit.SECONDS));
            assertNotNull("disconnected and cleaned up", echo.gateway().closed.poll(10, TimeUnit.SECONDS));
            assertTrue(drainsToEof(raw));
        }
        assertTrue(TestLog.awaitLine("does not read"));
    }

    @Test
    public void aSenderThatFallsBehindOnItsAnswersIsReadMoreSlowlyNotDisconnected() throws Exception {
        // Exact only where a node serves its clients, on the connection's own loop: there nothing is read once
        // reading stops. With requests served from another thread, those already read still come in.
        org.junit.Assume.assumeTrue(servedFrom.equals("ring event loop"));
        int requests = 100;
        ByteBuffer body = ByteBuffer.allocate(200 * 1024);  // 20 MB of answers against the 8 MiB bound
        long slowBefore = TestLog.count("reads its output slowly");
        long disconnectsBefore = TestLog.count("does not read");
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(echo.socket()));
            writeFrame(raw, IpcProtocol.HELLO, 0, 0, IpcProtocol.helloBody("echo", IpcProtocol.MAJOR, 0));
            assertEquals(IpcProtocol.HELLO_REPLY, readFrameType(raw));
            java.util.concurrent.Future<?> sent = writer.submit(() -> {
                for (int i = 1; i <= requests; i++) {
                    writeFrame(raw, IpcProtocol.REQUEST, EchoGateway.ECHO, i, body);
                }
                return null;
            });
            // The client reads nothing until the executive has stopped reading its requests...
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (TestLog.count("reads its output slowly") == slowBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue("the executive stops reading a client that is behind",
                    TestLog.count("reads its output slowly") > slowBefore);
            // ...then catches up: every answer arrives, the writer gets through, nobody was disconnected.
            for (int i = 0; i < requests; i++) {
                assertEquals("answer " + i, IpcProtocol.RESPONSE, readFrameType(raw));
            }
            sent.get(20, TimeUnit.SECONDS);
            assertEquals(disconnectsBefore, TestLog.count("does not read"));
            assertTrue("the session stays open", echo.gateway().closed.isEmpty());
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    public void aStaleSocketFileIsReplacedAndALiveOneRefused() throws Exception {
        IpcServer second = new IpcServer(IpcSettings.of(echo.socket()), AccessPolicy.rootOnly(), echo.gateway());
        try {
            second.start();
            fail("a live socket must not be taken over");
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("another executive"));
        }
        Path stale = echo.folder().getRoot().toPath().resolve("stale.sock");
        try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel
                .open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));
        IpcServer third = new IpcServer(IpcSettings.of(stale), AccessPolicy.rootOnly(), echo.gateway());
        third.start();
        try (ChorusConnection c = ChorusConnection.connect(stale, "echo")) {
            assertEquals("x", IpcProtocol.text(c.call(EchoGateway.ECHO, utf8("x"))));
        } finally {
            third.close();
        }
        assertFalse(Files.exists(stale));
    }

    static void writeFrame(SocketChannel ch, int type, int fn, int id, ByteBuffer body) throws Exception {
        ByteBuffer f = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        IpcProtocol.putHeader(f, type, fn, id, body.remaining());
        f.put(body.duplicate()).flip();
        while (f.hasRemaining()) {
            ch.write(f);
        }
    }

    /** Reads one whole frame and returns its type. */
    static int readFrameType(SocketChannel ch) throws Exception {
        ByteBuffer h = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        while (h.hasRemaining()) {
            if (ch.read(h) < 0) {
                throw new java.io.EOFException();
            }
        }
        ByteBuffer body = ByteBuffer.allocate(h.getInt(0) - (IpcProtocol.HEADER_SIZE - 4));
        while (body.hasRemaining()) {
            if (ch.read(body) < 0) {
                throw new java.io.EOFException();
            }
        }
        return h.getShort(4);
    }

    /** Reads until EOF (true) or a reset (also true: the server is gone); bounded by the server's close. */
    static boolean drainsToEof(SocketChannel ch) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        AtomicInteger guard = new AtomicInteger();
        try {
            while (guard.incrementAndGet() < 1_000_000) {
                b.clear();
                if (ch.read(b) < 0) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
