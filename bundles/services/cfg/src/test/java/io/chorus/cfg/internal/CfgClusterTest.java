package io.chorus.cfg.internal;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.cfg.Cfg;
import io.chorus.api.cfg.CfgRing;
import io.chorus.api.cfg.CfgShutdownFlag;
import io.chorus.api.client.DispatchFlag;
import io.chorus.executive.memory.MemoryRing;
import io.chorus.executive.wire.ExecHeader;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** CFG on three in-memory executives (virtual time), through the client API. */
public class CfgClusterTest {

    @Test
    public void ringStatusLocalNodeAndMembers() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        c.node(2).control.faulty = true;
        Cfg cfg = c.open(2);
        assertEquals(2, cfg.localNodeId());
        assertArrayEquals(new int[] {1, 2, 3}, cfg.members());
        List<CfgRing> rings = cfg.ringStatus();
        assertEquals(1, rings.size());
        assertEquals(new CfgRing(0, "10.0.0.2", true, "Marking ringid 0 interface 10.0.0.2 FAULTY"), rings.get(0));
        assertEquals(List.of("10.0.0.2"), cfg.localAddresses());
    }

    @Test
    public void ringReenableReachesEveryNodeBeforeItReturns() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        c.node(3).control.faulty = true;
        Cfg cfg = c.open(1);
        cfg.ringReenable();
        // The answer comes when node 1's own message is delivered; the others got it in the same order, so
        // they have applied it by the time the ring delivered it to them: run the ring a little and check all.
        c.run(2000);
        for (int id = 1; id <= 3; id++) {
            assertEquals("node " + id, 1, c.node(id).control.reenabled);
        }
        assertFalse(c.node(3).control.faulty);
        assertEquals("ring 0 active with no faults", c.open(3).ringStatus().get(0).status());
    }

    @Test
    public void killNodeStopsOnlyTheTarget() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        Cfg cfg = c.open(1);
        cfg.killNode(2, "maintenance");
        assertTrue("nodes 1 and 3 form a ring without 2", c.settle(1, 3));
        assertEquals("killed by node 1: maintenance", c.node(2).control.shutdownReason);
        assertNull(c.node(1).control.shutdownReason);
        assertNull(c.node(3).control.shutdownReason);
        assertError(ChorusError.NOT_EXIST, () -> cfg.killNode(7, "no such node"));
    }

    /** KILLNODE as a C node multicasts it: header, nodeid, mar_name_t reason (length counts the NUL), garbage. */
    private static ByteBuffer corosyncKillNode(int target, byte[] reason, int length) {
        ByteBuffer m = ByteBuffer.allocate(16 + 272).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 16; i < m.capacity(); i++) {
            m.put(i, (byte) 0xA5);
        }
        m.put(0, ExecHeader.of(CfgWire.SERVICE_ID, CfgWire.KILLNODE, 16 + 272), 0, 16);
        m.putInt(16, target).putShort(16 + 8, (short) length).put(16 + 16, reason).put(16 + 16 + reason.length, (byte) 0);
        return m;
    }

    @Test
    public void aCorosyncShapedKillNodeStopsTheTargetWithItsReason() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        byte[] reason = "Killed by corosync-cfgtool".getBytes(StandardCharsets.US_ASCII);
        MemoryRing one = c.node(1).ring;
        one.execute(() -> one.mcast(TotemPgGroup.A, corosyncKillNode(2, reason, reason.length + 1)));
        assertTrue("nodes 1 and 3 form a ring without 2", c.settle(1, 3));
        assertEquals("killed by node 1: Killed by corosync-cfgtool", c.node(2).control.shutdownReason);
        assertNull(c.node(3).control.shutdownReason);
    }

    @Test
    public void aKillNodeWithAnUnreadableReasonStillStopsTheTarget() throws Exception {
        // As a C node would: the nodeid decides; the reason is only logged.
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        MemoryRing one = c.node(1).ring;
        one.execute(() -> one.mcast(TotemPgGroup.A, corosyncKillNode(3, new byte[0], 0xFFFF)));
        assertTrue("nodes 1 and 2 form a ring without 3", c.settle(1, 2));
        assertEquals("killed by node 1", c.node(3).control.shutdownReason);
        assertNull(c.node(2).control.shutdownReason);
    }

    @Test
    public void shutdownAsksOnlyThisNodesTrackingClientsAndProceedsWhenTheyAgree() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        Cfg local1 = c.open(1);
        Cfg local2 = c.open(1);
        Cfg remote = c.open(2);
        List<String> asked = new ArrayList<>();
        local1.trackStart((node, flag) -> asked.add("a asked by " + node + " " + flag));
        local2.trackStart((node, flag) -> asked.add("b asked by " + node + " " + flag));
        remote.trackStart((node, flag) -> asked.add("node 2 asked by " + node + " " + flag));
        Cfg requester = c.open(1);
        requester.trackStart((node, flag) -> asked.add("the requester asked"));
        // Answer from the callbacks while node 1's tryShutdown runs the network: the waiter drives time.
        c.node(1).ring.schedule(() -> {
            try {
                local1.dispatch(DispatchFlag.ALL);
                local2.dispatch(DispatchFlag.ALL);
                remote.dispatch(DispatchFlag.ALL);
                requester.dispatch(DispatchFlag.ALL);
                local1.replyToShutdown(true);
                local2.replyToShutdown(true);
            } catch (ChorusException e) {
                throw new AssertionError(e);
            }
        }, 1000);
        requester.tryShutdown(CfgShutdownFlag.REQUEST);
        assertEquals("Corosync 3 asks the shutting node's own clients, not the requester, not other nodes'",
                List.of("a asked by 1 REQUEST", "b asked by 1 REQUEST"), asked);
        assertTrue(c.settle(2, 3));
        assertEquals("shutdown requested (REQUEST)", c.node(1).control.shutdownReason);
        assertNull(c.node(2).control.shutdownReason);
    }

    @Test
    public void shutdownIsRefusedWhenALocalClientSaysNoOrIsSilentAndForcedRegardless() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        Cfg tracker = c.open(1);
        tracker.trackStart((node, flag) -> { });
        Cfg requester = c.open(1);
        c.node(1).ring.schedule(() -> {
            try {
                tracker.dispatch(DispatchFlag.ALL);
                tracker.replyToShutdown(false);
            } catch (ChorusException e) {
                throw new AssertionError(e);
            }
        }, 1000);
        assertError(ChorusError.BUSY, () -> requester.tryShutdown(CfgShutdownFlag.REQUEST));
        assertNull(c.node(1).control.shutdownReason);

        // Nobody answers now: REQUEST times out as "no"; REGARDLESS asks, then goes ahead anyway.
        assertError(ChorusError.BUSY, () -> requester.tryShutdown(CfgShutdownFlag.REQUEST));
        requester.tryShutdown(CfgShutdownFlag.REGARDLESS);
        assertTrue(c.settle(2, 3));
        assertEquals("shutdown requested (REGARDLESS)", c.node(1).control.shutdownReason);
    }

    @Test
    public void aSecondShutdownWhileOneIsAskedIsExistAndAnAnswerWithoutOneIsAccess() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2);
        Cfg tracker = c.open(1);
        tracker.trackStart((node, flag) -> { });
        Cfg first = c.open(1);
        Cfg second = c.open(1);
        assertError(ChorusError.ACCESS, () -> tracker.replyToShutdown(true));
        List<ChorusError> secondSaw = new ArrayList<>();
        c.node(1).ring.schedule(() -> {
            try {
                second.tryShutdown(CfgShutdownFlag.REQUEST);
                secondSaw.add(ChorusError.OK);
            } catch (ChorusException e) {
                secondSaw.add(e.error());
            }
            try {
                tracker.dispatch(DispatchFlag.ALL);
                tracker.replyToShutdown(true);
            } catch (ChorusException e) {
                throw new AssertionError(e);
            }
        }, 1000);
        first.tryShutdown(CfgShutdownFlag.REQUEST);
        assertEquals(List.of(ChorusError.EXIST), secondSaw);
        assertTrue(c.settle(2));
        assertEquals("shutdown requested (REQUEST)", c.node(1).control.shutdownReason);
    }
}
