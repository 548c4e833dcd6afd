package io.chorus.totem;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class RingFormationTest {

    private static final TotemParameters PARAMS = TotemParameters.corosyncDefaults(3);

    @Test
    public void aLoneNodeFormsASingletonRingAndDeliversItsOwnMessages() {
        LoopbackRing net = new LoopbackRing(PARAMS, 1);
        net.startAll();
        net.run(1000);
        LoopbackRing.Node node = net.nodes.get(1);
        assertEquals(TotemState.OPERATIONAL, node.core.state());
        assertArrayEquals(new int[] {1}, node.core.members());
        node.send("hello");
        net.run(2000);
        assertEquals(List.of("1:hello"), node.deliveries);
    }

    @Test
    public void threeNodesFormOneRingWithRingIdAdvancedByFour() {
        LoopbackRing net = new LoopbackRing(PARAMS, 1, 2, 3);
        net.startAll();
        net.run(2000);
        for (LoopbackRing.Node node : net.nodes.values()) {
            assertEquals(TotemState.OPERATIONAL, node.core.state());
            assertArrayEquals(new int[] {1, 2, 3}, node.core.members());
            // Node 1 may first form a singleton ring (it sees its own join first): 1.5 then 1.9.
            assertEquals(1, node.core.ringId().rep());
            assertEquals(1, node.core.ringId().seq() % 4);
            ConfigurationChange regular = node.changes.get(node.changes.size() - 1);
            assertEquals(ConfigurationChange.Kind.REGULAR, regular.kind());
        }
    }

    @Test
    public void messagesFromEveryNodeAreDeliveredInTheSameOrderEverywhere() {
        LoopbackRing net = new LoopbackRing(PARAMS, 1, 2, 3);
        net.startAll();
        net.run(2000);
        for (int i = 0; i < 100; i++) {
            for (LoopbackRing.Node node : net.nodes.values()) {
                node.send("m" + i + "@" + node.id);
            }
        }
        net.run(5000);
        List<String> first = net.nodes.get(1).deliveries;
        assertEquals(300, first.size());
        for (LoopbackRing.Node node : net.nodes.values()) {
            assertEquals(first, node.deliveries);
        }
    }

    @Test
    public void anIdleRingHoldsTheTokenAndWakesOnANewMessage() {
        LoopbackRing net = new LoopbackRing(PARAMS, 1, 2, 3);
        net.startAll();
        net.run(5000);
        long tokensBefore = net.nodes.get(2).core.counters().get(TotemCounters.Counter.ORF_TOKENS_RECEIVED);
        net.run(10_000);
        long tokensIdle = net.nodes.get(2).core.counters().get(TotemCounters.Counter.ORF_TOKENS_RECEIVED) - tokensBefore;
        // Held: about one rotation per hold period instead of one per 3 ms.
        assertTrue("token kept spinning: " + tokensIdle, tokensIdle < 10_000 / PARAMS.hold() + 5);
        net.nodes.get(3).send("wake");
        net.run(20);
        for (LoopbackRing.Node node : net.nodes.values()) {
            assertEquals(List.of("3:wake"), node.deliveries);
        }
    }

    @Test
    public void aCrashedNodeIsRemovedAfterTheTokenTimeoutWithTransitionalThenRegularChange() {
        LoopbackRing net = new LoopbackRing(PARAMS, 1, 2, 3);
        net.startAll();
        net.run(2000);
        net.nodes.get(3).up = false;
        net.nodes.get(1).send("after crash");
        net.run(PARAMS.token() + PARAMS.consensus() + 2000);
        for (int id : new int[] {1, 2}) {
            LoopbackRing.Node node = net.nodes.get(id);
            assertEquals(TotemState.OPERATIONAL, node.core.state());
            assertArrayEquals(new int[] {1, 2}, node.core.members());
            int n = node.changes.size();
            assertEquals(ConfigurationChange.Kind.TRANSITIONAL, node.changes.get(n - 2).kind());
            assertArrayEquals(new int[] {3}, node.changes.get(n - 2).left());
            assertEquals(ConfigurationChange.Kind.REGULAR, node.changes.get(n - 1).kind());
            assertTrue(node.deliveries.contains("1:after crash"));
        }
    }

    @Test
    public void aCleanLeaveReformsTheRingWithoutWaitingForTheTokenTimeout() {
        LoopbackRing net = new LoopbackRing(PARAMS, 1, 2, 3);
        net.startAll();
        net.run(2000);
        net.nodes.get(2).core.leave();
        net.nodes.get(2).up = false;
        net.run(500);
        assertArrayEquals(new int[] {1, 3}, net.nodes.get(1).core.members());
        assertArrayEquals(new int[] {1, 3}, net.nodes.get(3).core.members());
    }

    @Test
    public void messagesQueuedBeforeTheFirstRingAreSentAfterTheTransitionIsAcknowledged() {
        LoopbackRing net = new LoopbackRing(PARAMS, 1, 2);
        net.nodes.values().forEach(n -> n.acknowledgeOnRegular = true);
        net.nodes.get(1).send("early"); // waits in the queue of the sync window until a ring forms
        net.startAll();
        net.run(2000);
        // Node 1 may send it on a singleton ring it forms first, which node 2 is not part of: self-delivery
        // is what proves it left the queue.
        assertEquals(List.of("1:early"), net.nodes.get(1).deliveries);
    }

    @Test
    public void aTotemPgMessageOnAnIdleRingWakesTheHeldTokenToo() {
        LoopbackRing net = new LoopbackRing(PARAMS, true, 1, 2, 3);
        net.nodes.values().forEach(n -> n.acknowledgeOnRegular = true);
        net.startAll();
        net.run(10_000); // idle long enough for the representative to hold the token
        net.nodes.get(3).mcast("wake");
        net.run(20); // far less than hold: the message must not wait for the held token
        for (LoopbackRing.Node node : net.nodes.values()) {
            assertEquals(List.of("3:wake"), node.deliveries);
        }
    }
}
