package io.chorus.clm.internal;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.clm.Clm;
import io.chorus.api.clm.ClmClient;
import io.chorus.api.clm.ClmClusterChange;
import io.chorus.api.clm.ClmNode;
import io.chorus.api.clm.ClmNotification;
import io.chorus.api.clm.ClmNotificationBuffer;
import io.chorus.api.clm.ClmTrackFlags;
import io.chorus.api.clm.ClmVersion;
import io.chorus.clm.internal.ClmCluster.Handle;
import io.chorus.clm.internal.ClmCluster.Track;
import java.util.List;
import org.junit.Test;

/** CLM on 3-4 in-memory executives (virtual time), through the client API over the in-container connection. */
public class ClmClusterTest {

    private static final long SECOND = 1_000_000_000L;

    private static String items(List<ClmNotification> items) {
        StringBuilder b = new StringBuilder();
        for (ClmNotification n : items) {
            b.append(b.length() == 0 ? "" : " ").append(n.clusterNode().nodeId()).append(':')
                    .append(n.clusterChange()).append(n.clusterNode().member() ? "" : "(gone)");
        }
        return b.toString();
    }

    @Test
    public void versionsAsServicesMdSaysThem() throws Exception {
        ClmCluster c = new ClmCluster().startAll(1, 2, 3);
        Clm ok = ClmClient.initialize(c.connect(1), null, new ClmVersion('B', 1, 0xff));
        assertEquals(ClmVersion.B_01_01, ok.version());
        for (ClmVersion bad : List.of(new ClmVersion('A', 1, 1), new ClmVersion('B', 2, 1),
                new ClmVersion('C', 1, 1))) {
            assertError(ChorusError.VERSION, () -> ClmClient.initialize(c.connect(1), null, bad));
        }
        assertError(ChorusError.INVALID_PARAM, () -> ClmClient.initialize(c.connect(1), null, null));
        // a connection that skipped initialize is refused
        assertError(ChorusError.BAD_HANDLE, () -> c.connect(1).call(io.chorus.api.clm.ClmProtocol.TRACK_STOP,
                null));
    }

    @Test
    public void currentMembershipAndNodeGet() throws Exception {
        ClmCluster c = new ClmCluster().startAll(1, 2, 3);
        Handle h = c.open(2);
        ClmNotificationBuffer now = h.clm().clusterTrack(ClmTrackFlags.CURRENT);
        assertEquals("1:NO_CHANGE 2:NO_CHANGE 3:NO_CHANGE", items(now.notification()));
        assertEquals(c.viewNumber(2), now.viewNumber());

        ClmNode local = h.clm().clusterNodeGet(Clm.LOCAL_NODE_ID, SECOND);
        assertEquals(2, local.nodeId());
        assertTrue(local.member());
        assertEquals("node2", local.nodeName());
        assertEquals(local, h.clm().clusterNodeGet(2, SECOND));
        ClmNode three = h.clm().clusterNodeGet(3, SECOND);
        assertEquals(3, three.nodeId());
        assertEquals(three, c.open(3).clm().clusterNodeGet(Clm.LOCAL_NODE_ID, SECOND)); // same table everywhere
        assertError(ChorusError.NOT_EXIST, () -> h.clm().clusterNodeGet(0x6201a8c0, SECOND));
        assertError(ChorusError.TIMEOUT, () -> h.clm().clusterNodeGet(3, 0));
        assertError(ChorusError.NOT_EXIST, () -> h.clm().clusterTrackStop());

        h.clm().clusterNodeGetAsync(55, 1);
        h.clm().clusterNodeGetAsync(60, 0x6201a8c0);
        c.deliverAll();
        assertEquals(2, h.seen().nodeGets.size());
        assertEquals(55, h.seen().nodeGets.get(0).invocation());
        assertEquals(1, h.seen().nodeGets.get(0).node().nodeId());
        assertEquals(ChorusError.OK, h.seen().nodeGets.get(0).error());
        assertEquals(60, h.seen().nodeGets.get(1).invocation());
        assertNull(h.seen().nodeGets.get(1).node());
        assertEquals(ChorusError.INVALID_PARAM, h.seen().nodeGets.get(1).error());
    }

    @Test
    public void badTrackFlags() throws Exception {
        ClmCluster c = new ClmCluster().startAll(1, 2, 3);
        Handle h = c.open(1);
        assertError(ChorusError.BAD_FLAGS, () -> h.clm().clusterTrack(
                ClmTrackFlags.CHANGES | ClmTrackFlags.CHANGES_ONLY));
        assertError(ChorusError.BAD_FLAGS, () -> h.clm().clusterTrack(0));
        assertError(ChorusError.BAD_FLAGS, () -> h.clm().clusterTrack(0x8));
    }

    @Test
    public void trackersSeeAJoinAndACrashInTheViewOfTheRing() throws Exception {
        ClmCluster c = new ClmCluster().startAll(1, 2, 3);
        Handle changes = c.open(1);
        Handle only = c.open(2);
        Handle viaCallback = c.open(3);
        Handle quiet = c.open(3); // CURRENT only: never told about changes
        assertEquals(3, changes.clm().clusterTrack(ClmTrackFlags.CURRENT | ClmTrackFlags.CHANGES)
                .notification().size());
        assertNull(only.clm().clusterTrack(ClmTrackFlags.CHANGES_ONLY));
        viaCallback.clm().clusterTrackCallback(ClmTrackFlags.CURRENT | ClmTrackFlags.CHANGES_ONLY);
        quiet.clm().clusterTrack(ClmTrackFlags.CURRENT);
        c.deliverAll();
        assertEquals(1, viaCallback.seen().tracks.size());
        assertEquals("1:NO_CHANGE 2:NO_CHANGE 3:NO_CHANGE",
                items(viaCallback.seen().tracks.get(0).buffer().notification()));
        assertEquals(3, viaCallback.seen().tracks.get(0).members());
        // nothing more until a node joins or leaves
        c.network.run(10_000);
        c.deliverAll();
        assertTrue(changes.seen().tracks.isEmpty());
        assertTrue(only.seen().tracks.isEmpty());
        assertEquals(1, viaCallback.seen().tracks.size());

        c.start(4);
        assertTrue(c.settle(1, 2, 3, 4));
        c.deliverAll();
        long joinView = c.viewNumber(1);
        Track full = changes.seen().tracks.get(0);
        assertEquals(1, changes.seen().tracks.size());
        assertEquals("1:NO_CHANGE 2:NO_CHANGE 3:NO_CHANGE 4:JOINED", items(full.buffer().notification()));
        assertEquals(4, full.members()); // the member count (services.md §12), not the item count
        assertEquals(joinView, full.buffer().viewNumber());
        Track delta = only.seen().tracks.get(0);
        assertEquals("4:JOINED", items(delta.buffer().notification()));
        assertEquals(4, delta.members());
        assertEquals(joinView, delta.buffer().viewNumber());
        assertEquals(delta.buffer(), viaCallback.seen().tracks.get(1).buffer());
        // the node's first view as it saw it (its singleton ring here), the same in every node's table
        ClmNode four = c.open(4).clm().clusterNodeGet(Clm.LOCAL_NODE_ID, SECOND);
        assertEquals(four, delta.buffer().notification().get(0).clusterNode());
        assertTrue(four.initialViewNumber() > 0 && four.initialViewNumber() < joinView);
        assertTrue(quiet.seen().tracks.size() == 0);

        c.nodes.get(3).ring().crash();
        assertTrue(c.settle(1, 2, 4));
        c.deliverAll();
        long crashView = c.viewNumber(1);
        assertTrue(crashView > joinView);
        full = changes.seen().tracks.get(1);
        assertEquals("1:NO_CHANGE 2:NO_CHANGE 4:NO_CHANGE 3:LEFT(gone)", items(full.buffer().notification()));
        assertEquals(3, full.members());
        assertEquals(crashView, full.buffer().viewNumber());
        delta = only.seen().tracks.get(1);
        assertEquals("3:LEFT(gone)", items(delta.buffer().notification()));
        assertEquals(2, changes.seen().tracks.size());
        assertEquals(2, only.seen().tracks.size());
        assertError(ChorusError.NOT_EXIST, () -> changes.clm().clusterNodeGet(3, SECOND));

        // after TrackStop a handle hears nothing more
        only.clm().clusterTrackStop();
        c.nodes.get(4).ring().crash();
        assertTrue(c.settle(1, 2));
        c.deliverAll();
        assertEquals(2, only.seen().tracks.size());
        assertEquals("4:LEFT(gone)", items(changes.seen().tracks.get(2).buffer().notification()
                .subList(2, 3)));
        assertFalse(changes.seen().tracks.get(2).buffer().notification().get(2).clusterNode().member());
    }

    @Test
    public void everyNodeAgreesOnTheTableAfterAMerge() throws Exception {
        ClmCluster c = new ClmCluster().startAll(1, 2, 3);
        c.network.partition(new int[] {1, 2}, new int[] {3});
        assertTrue(c.settle(1, 2));
        assertTrue(c.settle(3));
        Handle lonely = c.open(3);
        assertEquals("3:NO_CHANGE", items(lonely.clm().clusterTrack(ClmTrackFlags.CURRENT
                | ClmTrackFlags.CHANGES_ONLY).notification()));
        c.network.heal();
        assertTrue(c.settle(1, 2, 3));
        c.deliverAll();
        assertEquals("1:JOINED 2:JOINED", items(lonely.seen().tracks.get(0).buffer().notification()));
        for (int n : new int[] {1, 2, 3}) {
            assertEquals("1:NO_CHANGE 2:NO_CHANGE 3:NO_CHANGE",
                    items(c.open(n).clm().clusterTrack(ClmTrackFlags.CURRENT).notification()));
        }
    }
}
