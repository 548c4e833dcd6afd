package io.chorus.samples.ckpt;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chorus.api.client.GatewayConnection;
import io.chorus.ckpt.internal.CkptEngine;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryNetwork;
import io.chorus.executive.memory.MemoryRing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * testckpt's program logic against the ckpt engine on three in-memory executives (virtual time), through the
 * in-container connection instead of the IPC socket: the quickstart's success criterion — no FAILED line, and the
 * section expiring after about 5 seconds.
 */
public class TestCkptSmokeTest {

    @Test
    public void testckptPassesEveryStep() throws Exception {
        MemoryNetwork network = new MemoryNetwork();
        Map<Integer, Executive> nodes = new HashMap<>();
        for (int id : new int[] {1, 2, 3}) {
            MemoryRing ring = network.addNode(id);
            Executive ex = Executive.create(ring, Runnable::run);
            ex.start();
            ex.putStanza("ckpt", new ServiceStanza("ckpt", 0, Map.of(), "test.conf", 1));
            ex.addEngine(new CkptEngine());
            ring.start();
            nodes.put(id, ex);
        }
        assertTrue(network.runUntil(() -> nodes.values().stream().allMatch(ex -> ex.currentView() != null
                && !ex.currentView().transitional() && ex.currentView().members().length == 3
                && !ex.syncInProgress()), 60_000));

        GatewayConnection.Waiter waiter = (monitor, done, timeout) -> network.runUntil(done,
                timeout < 0 ? 60_000 : timeout);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // the engine keeps the wall clock; the program's clock must be the same one
        boolean ok = TestCkpt.run(GatewayConnection.open(nodes.get(2).clientGateway(), "ckpt", waiter), out,
                () -> System.currentTimeMillis() * 1_000_000L);

        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(text.split("\n"));
        assertTrue(text, ok);
        assertFalse(text, lines.stream().anyMatch(l -> l.startsWith("FAILED")));
        assertTrue(text, lines.contains("PASSED: sectionCreate on a read-only handle"));
        assertTrue(text, lines.contains("No more sections to iterate"));
        assertTrue(text, lines.stream().anyMatch(l -> l.startsWith("Elapsed Time to expiry is 5.")
                || l.startsWith("Elapsed Time to expiry is 4.")));
    }
}
