package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;

import io.chorus.ipc.internal.AccessPolicy;
import io.chorus.ipc.internal.IpcServer;
import io.chorus.ipc.internal.IpcSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A streaming sender that never dispatches, whose messages come back at a ring's pace while it keeps posting (25 MB,
 * more than the executive keeps unread for it): its own waits (a full window, a write held by the executive's
 * backpressure, which also wakes on arriving frames) read what arrives, so it stays connected and gets every
 * callback in order.
 */
public class BlockedWriterTest {

    /** 25 MB of posts whose bodies come back at 60 MB/s: more than both 8 MiB bounds, long after reading stops. */
    private static final int POSTS = 400;
    private static final int SIZE = 60_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EchoGateway gateway;
    private IpcServer server;
    private Path socket;

    @Before
    public void start() throws Exception {
        gateway = new EchoGateway();
        socket = tmp.getRoot().toPath().resolve("chorus.sock");
        server = new IpcServer(IpcSettings.of(socket), AccessPolicy.rootOnly(), gateway);
        server.start();
    }

    @After
    public void stop() {
        server.close();
        gateway.shutdown();
    }

    @Test
    public void aSenderWaitingToWriteReadsWhatArrivesAndStaysConnected() throws Exception {
        List<Integer> seen = new ArrayList<>();
        try (ChorusConnection c = ChorusConnection.connect(socket, "echo",
                (fn, body) -> seen.add(body.order(ByteOrder.LITTLE_ENDIAN).getInt(0)))) {
            ByteBuffer body = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < POSTS; i++) {
                body.putInt(0, i);
                c.post(EchoGateway.PACED_ECHO, body);  // never dispatches: only its own waits read
            }
            c.flush();
            while (seen.size() < POSTS) {
                c.dispatch(java.time.Duration.ofSeconds(10));
            }
        }
        for (int i = 0; i < POSTS; i++) {
            assertEquals("callback " + i, i, (int) seen.get(i));
        }
    }
}
