package io.chorus.cpg.internal;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgFlowControl;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgGuarantee;
import io.chorus.api.cpg.CpgIterationEntry;
import io.chorus.api.cpg.CpgIterationType;
import io.chorus.api.cpg.CpgProtocol;
import io.chorus.api.cpg.CpgReason;
import io.chorus.cpg.internal.CpgCluster.Handle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** CPG on 3-4 in-memory executives (virtual time), through the client API over the in-container connection. */
public class CpgClusterTest {

    private static final CpgGroup G = CpgGroup.named("g");
    private static final CpgGroup H = CpgGroup.named("h");

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Joins and waits for the handle's own confchg; returns the handle's address. */
    private static CpgAddress join(CpgCluster c, Handle h, CpgGroup g) throws ChorusException {
        h.cpg.join(g);
        c.deliverAll();
        for (Recorder.Confchg cc : h.seen.confchgs) {
            if (cc.group().equals(g) && cc.joined().size() == 1 && cc.joined().get(0).nodeid() == h.node
                    && cc.joined().get(0).reason() == CpgReason.JOIN) {
                CpgAddress a = cc.joined().get(0);
                return new CpgAddress(a.nodeid(), a.pid());
            }
        }
        throw new AssertionError("handle on node " + h.node + " saw no confchg for its own join");
    }

    private static CpgAddress as(CpgAddress a, CpgReason r) {
        return new CpgAddress(a.nodeid(), a.pid(), r);
    }

    @Test
    public void joinAndLeaveConfchgsWithReasonsReachEveryMember() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(2);
        Handle d = c.open(3);
        CpgAddress pa = join(c, a, G);
        CpgAddress pb = join(c, b, G);
        CpgAddress pd = join(c, d, G);

        assertEquals(3, a.seen.confchgs.size());
        assertEquals(List.of(pa, pb, pd), a.seen.lastConfchg().members());
        assertEquals(List.of(as(pd, CpgReason.JOIN)), a.seen.lastConfchg().joined());
        assertEquals("b sees its own join, then d's", 2, b.seen.confchgs.size());
        assertEquals(List.of(pa, pb), b.seen.confchgs.get(0).members());
        assertEquals(1, d.seen.confchgs.size());
        assertEquals(List.of(pa, pb, pd), d.seen.confchgs.get(0).members());

        b.cpg.leave(G);
        c.deliverAll();
        for (Handle h : List.of(a, b, d)) {
            Recorder.Confchg last = h.seen.lastConfchg();
            assertEquals(List.of(as(pb, CpgReason.LEAVE)), last.left());
            assertEquals(List.of(pa, pd), last.members());
            assertTrue(last.joined().isEmpty());
        }
        assertEquals(List.of(pa, pd), a.cpg.membershipGet(G));
        assertEquals(List.of(pa, pd), b.cpg.membershipGet(G));
        assertError(ChorusError.NOT_EXIST, () -> b.cpg.leave(G));
        // b may join again afterwards
        join(c, b, G);
        assertEquals(List.of(pa, pd, pb), d.cpg.membershipGet(G));
    }

    @Test
    public void joinAndLeaveRulesOfOneHandle() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        a.cpg.join(G);
        assertError(ChorusError.EXIST, () -> a.cpg.join(H));
        assertError(ChorusError.BUSY, () -> a.cpg.leave(G)); // join still pending
        c.deliverAll();
        assertError(ChorusError.NOT_EXIST, () -> a.cpg.leave(H));
        a.cpg.leave(G);
        assertError(ChorusError.BUSY, () -> a.cpg.join(G)); // leave pending
        assertError(ChorusError.NAME_TOO_LONG, () -> CpgGroup.of("x".repeat(128)));
        assertEquals(1, a.cpg.localGet());
        Handle b = c.open(2);
        assertError(ChorusError.NOT_EXIST, () -> b.cpg.mcastJoined(CpgGuarantee.AGREED, text("not joined")));
    }

    @Test
    public void messagesArriveInTheSameOrderOnEveryJoinedHandleAndOnlyThere() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3, 4);
        Handle a = c.open(1);
        Handle b = c.open(2);
        Handle d = c.open(3);
        Handle outsider = c.open(2); // connected, never joined
        Handle other = c.open(4);    // joined to another group
        Handle sameNode = c.open(1); // second handle on node 1, same group
        join(c, a, G);
        join(c, b, G);
        join(c, d, G);
        join(c, sameNode, G);
        join(c, other, H);

        for (int round = 0; round < 20; round++) {
            for (Handle h : List.of(a, b, d)) {
                h.cpg.mcastJoined(CpgGuarantee.AGREED, text("n" + h.node + "-" + round));
            }
            c.run(2);
        }
        other.cpg.mcastJoined(CpgGuarantee.AGREED, text("to h"));
        c.deliverAll();

        assertEquals(60, a.seen.deliveries.size());
        for (Handle h : List.of(b, d, sameNode)) {
            assertEquals(a.seen.texts(), h.seen.texts());
        }
        assertTrue(outsider.seen.deliveries.isEmpty());
        assertEquals(List.of("4/" + other.seen.confchgs.get(0).joined().get(0).pid() + ":to h"), other.seen.texts());
        // each sender's own messages keep their order (self-delivery included)
        List<String> fromB = new ArrayList<>();
        for (Recorder.Delivery x : a.seen.deliveries) {
            if (x.nodeid() == 2) {
                fromB.add(new String(x.data(), StandardCharsets.UTF_8));
            }
        }
        for (int round = 0; round < 20; round++) {
            assertEquals("n2-" + round, fromB.get(round));
        }
    }

    @Test
    public void aMessageFromANodeWithoutAProcessInTheGroupIsNotDelivered() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(2);
        join(c, a, G);
        join(c, b, H); // node 2 has a process, but in another group
        // What a C node would send for group g from a node with no process in it.
        CpgEngine onNode2 = c.node(2).engine;
        c.run(1);
        assertEquals(io.chorus.api.spi.Admission.ACCEPTED, onNode2.multicast(CpgWire.MCAST,
                CpgWire.mcastHeader(G, 5, 4242, 2), text("stray")));
        c.deliverAll();
        assertTrue(a.seen.deliveries.isEmpty());

        Handle b2 = c.open(2);
        join(c, b2, G);
        onNode2.multicast(CpgWire.MCAST, CpgWire.mcastHeader(G, 5, 4242, 2), text("known"));
        c.deliverAll();
        assertEquals(List.of("2/4242:known"), a.seen.texts());
    }

    @Test
    public void aCrashedNodesProcessesLeaveWithNodeDown() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(2);
        Handle d = c.open(3);
        CpgAddress pa = join(c, a, G);
        CpgAddress pb = join(c, b, G);
        CpgAddress pd = join(c, d, G);

        c.node(3).ring.crash();
        assertTrue(c.settle(1, 2));
        c.dispatchAll();
        for (Handle h : List.of(a, b)) {
            Recorder.Confchg last = h.seen.lastConfchg();
            assertEquals(List.of(as(pd, CpgReason.NODEDOWN)), last.left());
            // After a sync members are listed in the joinlists' agreed order: the same on every node.
            assertEquals(java.util.Set.of(pa, pb), java.util.Set.copyOf(last.members()));
            assertEquals(a.seen.lastConfchg().members(), last.members());
            assertEquals("[1, 2]", h.seen.totem.get(h.seen.totem.size() - 1));
        }
        assertEquals(a.seen.lastConfchg().members(), a.cpg.membershipGet(G));
        assertEquals(a.cpg.membershipGet(G), b.cpg.membershipGet(G));
    }

    @Test
    public void aNodeThatJoinsLaterLearnsTheGroupsFromJoinlists() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2);
        Handle a = c.open(1);
        Handle b = c.open(2);
        CpgAddress pa = join(c, a, G);
        CpgAddress pb = join(c, b, H);

        c.start(3);
        assertTrue(c.settle(1, 2, 3));
        Handle d = c.open(3);
        assertEquals(List.of(pa), d.cpg.membershipGet(G));
        assertEquals(List.of(pb), d.cpg.membershipGet(H));
        assertEquals(java.util.Set.of(new CpgIterationEntry(G, 0, 0), new CpgIterationEntry(H, 0, 0)),
                java.util.Set.copyOf(d.cpg.iteration(CpgIterationType.NAME_ONLY, null)));
        assertEquals(java.util.Set.of(new CpgIterationEntry(G, pa.nodeid(), pa.pid()),
                new CpgIterationEntry(H, pb.nodeid(), pb.pid())),
                java.util.Set.copyOf(d.cpg.iteration(CpgIterationType.ALL, null)));
        // every node lists the groups in the same order (the agreed order of the joinlists)
        assertEquals(a.cpg.iteration(CpgIterationType.ALL, null), d.cpg.iteration(CpgIterationType.ALL, null));
        assertEquals(b.cpg.iteration(CpgIterationType.NAME_ONLY, null),
                d.cpg.iteration(CpgIterationType.NAME_ONLY, null));
        assertEquals(List.of(new CpgIterationEntry(H, pb.nodeid(), pb.pid())),
                d.cpg.iteration(CpgIterationType.ONE_GROUP, H));
        // The members of the old ring were not told anything about g: nothing changed in it.
        c.dispatchAll();
        assertEquals(1, a.seen.confchgs.size());
        assertEquals("[1, 2, 3]", a.seen.totem.get(a.seen.totem.size() - 1));
        // d joins and is heard by a: the new node's messages are delivered
        CpgAddress pd = join(c, d, G);
        d.cpg.mcastJoined(CpgGuarantee.AGREED, text("hi"));
        c.deliverAll();
        assertEquals(List.of(pa, pd), a.seen.lastConfchg().members());
        assertEquals(List.of("3/" + pd.pid() + ":hi"), a.seen.texts());
    }

    @Test
    public void bothSidesOfAHealedPartitionLearnEachOthersProcessesWithNodeUp() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3);
        c.network.partition(new int[] {1, 2}, new int[] {3});
        assertTrue(c.settle(1, 2));
        assertTrue(c.settle(3));
        Handle a = c.open(1);
        Handle d = c.open(3);
        CpgAddress pa = join(c, a, G);
        CpgAddress pd = join(c, d, G);
        assertEquals(List.of(pa), a.cpg.membershipGet(G));

        c.network.heal();
        assertTrue(c.settle(1, 2, 3));
        c.dispatchAll();
        assertEquals(List.of(as(pd, CpgReason.NODEUP)), a.seen.lastConfchg().joined());
        assertEquals(List.of(as(pa, CpgReason.NODEUP)), d.seen.lastConfchg().joined());
        assertEquals(a.cpg.membershipGet(G), d.cpg.membershipGet(G));
        assertEquals(2, a.cpg.membershipGet(G).size());
    }

    @Test
    public void aClosedSessionLeavesItsGroupWithProcDown() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(2);
        CpgAddress pa = join(c, a, G);
        CpgAddress pb = join(c, b, G);
        c.close(b);
        c.deliverAll();
        assertEquals(List.of(as(pb, CpgReason.PROCDOWN)), a.seen.lastConfchg().left());
        assertEquals(List.of(pa), a.seen.lastConfchg().members());
        assertError(ChorusError.BAD_HANDLE, () -> b.cpg.localGet());
    }

    @Test
    public void aSessionClosedDuringSyncIsDroppedEverywhereWhenSyncEnds() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2);
        Handle a = c.open(1);
        Handle b = c.open(2);
        CpgAddress pa = join(c, a, G);
        CpgAddress pb = join(c, b, G);
        c.start(3);
        assertTrue(c.network.runUntil(() -> c.node(2).executive.syncInProgress()
                && c.node(2).executive.currentView().members().length == 3, 60_000));
        c.close(b); // its PROCLEAVE cannot go out now
        assertTrue(c.settle(1, 2, 3));
        c.deliverAll();
        assertEquals(List.of(as(pb, CpgReason.PROCDOWN)), a.seen.lastConfchg().left());
        Handle d = c.open(3);
        assertEquals(List.of(pa), d.cpg.membershipGet(G));
        assertEquals(List.of(pa), a.cpg.membershipGet(G));
        c.run(1000);
        c.dispatchAll();
        assertEquals(List.of(pa), a.cpg.membershipGet(G));
    }

    @Test
    public void largeMessagesRoundTripWholeAndInFragments() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(2);
        Handle d = c.open(3);
        join(c, a, G);
        join(c, b, G);
        join(c, d, G);
        byte[] hundred = pattern(100 * 1024, 7);
        byte[] mebibyte = pattern(1024 * 1024, 13);
        int before = c.node(1).recording.sentOnA().size();
        a.cpg.mcastJoined(CpgGuarantee.AGREED, ByteBuffer.wrap(hundred));
        b.cpg.mcastJoined(CpgGuarantee.AGREED, ByteBuffer.wrap(mebibyte, 0, 1000),
                ByteBuffer.wrap(mebibyte, 1000, mebibyte.length - 1000));
        c.run(5000);
        c.dispatchAll();
        for (Handle h : List.of(a, b, d)) {
            assertEquals(2, h.seen.deliveries.size());
            assertArrayEquals(hundred, h.seen.deliveries.get(0).data());
            assertArrayEquals(mebibyte, h.seen.deliveries.get(1).data());
            assertEquals(2, h.seen.deliveries.get(1).nodeid());
        }
        assertEquals("the 100 KiB message went whole", 1, c.node(1).recording.sentOnA().size() - before);
        List<byte[]> partial = new ArrayList<>();
        for (byte[] m : c.node(2).recording.sentOnA()) {
            if (ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0) == 0x00020006) {
                partial.add(m);
            }
        }
        assertEquals(2, partial.size());
        ByteBuffer first = ByteBuffer.wrap(partial.get(0)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(200 + CpgProtocol.MAX_ATOMIC_MESSAGE, first.getInt(8));
        assertEquals(1024 * 1024, first.getInt(152));
        assertEquals(CpgProtocol.MAX_ATOMIC_MESSAGE, first.getInt(160));
        assertEquals(CpgProtocol.PARTIAL_FIRST, first.getInt(176));
        assertEquals(2, first.getInt(184));
        ByteBuffer last = ByteBuffer.wrap(partial.get(1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(200 + 1024, last.getInt(8));
        assertEquals(CpgProtocol.PARTIAL_LAST, last.getInt(176));
    }

    @Test
    public void requestsGetTryAgainWhileSyncRuns() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2);
        Handle a = c.open(1);
        Handle fresh = c.open(1);
        join(c, a, G);
        c.start(3);
        assertTrue(c.network.runUntil(() -> c.node(1).executive.syncInProgress()
                && c.node(1).executive.currentView().members().length == 3
                && !c.node(1).executive.currentView().transitional(), 60_000));
        assertError(ChorusError.TRY_AGAIN, () -> a.cpg.mcastJoined(CpgGuarantee.AGREED, text("during sync")));
        assertError(ChorusError.TRY_AGAIN, () -> fresh.cpg.join(H));
        assertEquals(CpgFlowControl.ENABLED, a.cpg.flowControlStateGet());
        assertEquals("reads are served during sync", 1, a.cpg.membershipGet(G).size());

        assertTrue(c.settle(1, 2, 3));
        assertEquals(CpgFlowControl.DISABLED, a.cpg.flowControlStateGet());
        a.cpg.mcastJoined(CpgGuarantee.AGREED, text("after sync"));
        fresh.cpg.join(H);
        c.deliverAll();
        assertEquals(1, a.seen.deliveries.size());
        assertEquals(1, fresh.seen.confchgs.size());
    }

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * seed + (i >>> 8));
        }
        return b;
    }
}
