package io.chorus.samples.evs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.api.client.GatewayConnection;
import io.chorus.config.ServiceStanza;
import io.chorus.evs.internal.EvsEngine;
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
 * testevs's program logic against the evs engine on three in-memory executives (virtual time), through the
 * in-container connection instead of the IPC socket: the quickstart's success criterion, 1000 self-deliveries
 * in order.
 */
public class TestEvsSmokeTest {

    @Test
    public void testevsSelfDeliversItsThousandMessages() throws Exception {
        MemoryNetwork network = new MemoryNetwork();
        Map<Integer, Executive> nodes = new HashMap<>();
        for (int id : new int[] {1, 2, 3}) {
            MemoryRing ring = network.addNode(id);
            Executive ex = Executive.create(ring, Runnable::run);
            ex.start();
            ex.putStanza("evs", new ServiceStanza("evs", 0, Map.of(), "test.conf", 1));
            ex.addEngine(new EvsEngine());
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
        boolean ok = TestEvs.run(GatewayConnection.open(nodes.get(2).clientGateway(), "evs", waiter), out);

        List<String> lines = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
        assertTrue(String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())), ok);
        assertTrue(lines.contains("Current membership from evs_membership_get entries 3"));
        assertTrue(lines.contains("local processor from evs_membership_get 2"));
        assertTrue(lines.contains("Init result 1"));
        assertTrue(lines.contains("Join result 1"));
        assertTrue(lines.contains("Leave result 1"));
        List<String> deliveries = lines.stream().filter(l -> l.startsWith("API '")).toList();
        assertEquals(1000, deliveries.size());
        assertEquals("API 'evs_mcast_joined' msg 'This is message 0'", deliveries.get(0));
        assertEquals("API 'evs_mcast_joined' msg 'This is message 499'", deliveries.get(499));
        assertEquals("API 'evs_mcast_groups' msg 'This is message 0'", deliveries.get(500));
        assertEquals("API 'evs_mcast_groups' msg 'This is message 499'", deliveries.get(999));
    }
}
