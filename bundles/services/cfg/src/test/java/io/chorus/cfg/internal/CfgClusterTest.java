package io.chorus.cfg.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.cfg.Cfg;
import io.chorus.api.cfg.CfgRing;
import io.chorus.api.cfg.CfgShutdownFlag;
import io.chorus.api.client.DispatchFlag;
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
        try {
            cfg.killNode(7, "no such node");
            fail("killing a non-member must fail");
        } catch (ChorusException e) {
            assertEquals(ChorusError.NOT_EXIST, e.error());
        }
    }

    @Test
    public void shutdownProceedsWhenEveryTrackingClientAgrees() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        Cfg t2 = c.open(2);
        Cfg t3 = c.open(3);
        List<String> asked = new ArrayList<>();
        t2.trackStart((node, flag) -> asked.add("2 asked by " + node + " " + flag));
        t3.trackStart((node, flag) -> asked.add("3 asked by " + node + " " + flag));
        // Answer from the callbacks while node 1's tryShutdown runs the network: the waiter drives time.
        Cfg requester = c.open(1);
        c.node(1).ring.schedule(() -> {
            try {
                t2.dispatch(DispatchFlag.ALL);
                t3.dispatch(DispatchFlag.ALL);
                t2.replyToShutdown(true);
                t3.replyToShutdown(true);
            } catch (ChorusException e) {
                throw new AssertionError(e);
            }
        }, 3000);
        requester.tryShutdown(CfgShutdownFlag.REQUEST);
        assertEquals(List.of("2 asked by 1 REQUEST", "3 asked by 1 REQUEST"), asked);
        assertTrue(c.settle(2, 3));
        assertEquals("shutdown agreed by the cluster (REQUEST)", c.node(1).control.shutdownReason);
    }

    @Test
    public void shutdownIsRefusedWhenOneClientSaysNoAndForcedRegardless() throws Exception {
        CfgCluster c = new CfgCluster().startAll(1, 2, 3);
        Cfg t3 = c.open(3);
        t3.trackStart((node, flag) -> { });
        Cfg requester = c.open(1);
        c.node(1).ring.schedule(() -> {
            try {
                t3.dispatch(DispatchFlag.ALL);
                t3.replyToShutdown(false);
            } catch (ChorusException e) {
                throw new AssertionError(e);
            }
        }, 3000);
        try {
            requester.tryShutdown(CfgShutdownFlag.REQUEST);
            fail("a NO must refuse the shutdown");
        } catch (ChorusException e) {
            assertEquals(ChorusError.BUSY, e.error());
        }
        assertNull(c.node(1).control.shutdownReason);

        // Nobody answers now: REQUEST times out as "no"; REGARDLESS asks, then goes ahead anyway.
        try {
            requester.tryShutdown(CfgShutdownFlag.REQUEST);
            fail("no answer must refuse the shutdown");
        } catch (ChorusException e) {
            assertEquals(ChorusError.BUSY, e.error());
        }
        requester.tryShutdown(CfgShutdownFlag.REGARDLESS);
        assertTrue(c.settle(2, 3));
        assertEquals("shutdown agreed by the cluster (REGARDLESS)", c.node(1).control.shutdownReason);
    }
}
