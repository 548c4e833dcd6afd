package io.chorus.votequorum.internal;

import io.chorus.api.wire.LittleEndian;
import io.chorus.executive.memory.RecordingSession;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.quorum.QuorumProtocol;
import io.chorus.api.quorum.VotequorumInfo;
import io.chorus.api.spi.Admission;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.votequorum.internal.QuorumCluster.Node;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/** votequorum on 2-5 in-memory executives (virtual time): decisions, gating of add-on engines, wire bytes. */
public class VotequorumClusterTest {

    private static final int DATAGRAM_OVERHEAD = 45 + 8 + 2;

    private static Admission addOnRequest(Node n) {
        RecordingSession s = new RecordingSession();
        n.executive.openSession(QuorumCluster.AddOnEngine.INFO.id(), s);
        return n.executive.request(s, 0, ByteBuffer.allocate(4));
    }

    private static VotequorumInfo info(Node n) {
        return n.engine.localInfo();
    }

    @Test
    public void threeOfThreeAreQuorateWithQuorumTwo() {
        QuorumCluster c = new QuorumCluster().startAll(VoteSettings.simple(1, 2, 3), 1, 2, 3);
        for (int id : new int[] {1, 2, 3}) {
            VotequorumInfo i = info(c.node(id));
            assertTrue("node " + id, i.quorate());
            assertEquals(3, i.totalVotes());
            assertEquals(3, i.highestExpected());
            assertEquals(2, i.quorum());
            assertEquals(Admission.ACCEPTED, addOnRequest(c.node(id)));
            assertEquals(1L, (long) c.node(id).executive.statistics().get("runtime.services.votequorum.quorate"));
        }
    }

    @Test
    public void aLoneNodeOfThreeIsNotQuorateAndRefusesAddOnRequestsUntilHealed() {
        QuorumCluster c = new QuorumCluster().startAll(VoteSettings.simple(1, 2, 3), 1, 2, 3);
        c.network.partition(new int[] {1, 2}, new int[] {3});
        assertTrue(c.settle(1, 2));
        assertTrue(c.settle(3));

        for (int id : new int[] {1, 2}) {
            assertTrue("2 of 3 stay quorate", info(c.node(id)).quorate());
            assertEquals(2, info(c.node(id)).totalVotes());
            assertEquals(Admission.ACCEPTED, addOnRequest(c.node(id)));
        }
        Node lone = c.node(3);
        assertFalse("1 of 3 is not quorate", info(lone).quorate());
        assertEquals(1, info(lone).totalVotes());
        assertEquals(2, info(lone).quorum());
        assertEquals(Admission.TRY_AGAIN, addOnRequest(lone));
        // votequorum itself keeps serving (allow_inquorate): that is how an operator regains quorum.
        RecordingSession s = new RecordingSession();
        lone.executive.openSession(VotequorumEngine.INFO.id(), s);
        assertEquals(Admission.ACCEPTED, lone.executive.request(s, QuorumProtocol.VQ_GETINFO, LittleEndian.ints(0)));
        assertEquals(List.of(ChorusError.OK.code()), s.statuses());

        c.network.heal();
        assertTrue(c.settle(1, 2, 3));
        for (int id : new int[] {1, 2, 3}) {
            assertTrue("healed node " + id, info(c.node(id)).quorate());
            assertEquals(3, info(c.node(id)).totalVotes());
        }
        assertEquals(Admission.ACCEPTED, addOnRequest(lone));
    }

    @Test
    public void fiveNodesSplitThreeTwo() {
        QuorumCluster c = new QuorumCluster().startAll(VoteSettings.simple(1, 2, 3, 4, 5), 1, 2, 3, 4, 5);
        c.network.partition(new int[] {1, 2}, new int[] {3, 4, 5});
        assertTrue(c.settle(1, 2));
        assertTrue(c.settle(3, 4, 5));
        assertFalse(info(c.node(1)).quorate());
        assertTrue(info(c.node(4)).quorate());
        assertEquals(3, info(c.node(4)).quorum());
    }

    @Test
    public void setExpectedOnTheLoneNodeRegainsQuorum() {
        QuorumCluster c = new QuorumCluster().startAll(VoteSettings.simple(1, 2, 3), 1, 2, 3);
        c.network.partition(new int[] {1, 2}, new int[] {3});
        assertTrue(c.settle(3));
        assertTrue(c.settle(1, 2));
        Node lone = c.node(3);
        RecordingSession s = new RecordingSession();
        lone.executive.openSession(VotequorumEngine.INFO.id(), s);
        lone.executive.request(s, QuorumProtocol.VQ_SETEXPECTED, LittleEndian.ints(3));
        assertEquals("3 expected with 1 vote present cannot be met", ChorusError.INVALID_PARAM.code(),
                (int) s.statuses().get(0));
        lone.executive.request(s, QuorumProtocol.VQ_SETEXPECTED, LittleEndian.ints(1));
        assertEquals(ChorusError.OK.code(), (int) s.statuses().get(1));
        c.network.run(2000);
        assertTrue(info(lone).quorate());
        assertEquals(1, info(lone).nodeExpectedVotes());
        assertEquals(Admission.ACCEPTED, addOnRequest(lone));
    }

    @Test
    public void trackChangesSeesQuorumLost() {
        QuorumCluster c = new QuorumCluster().startAll(VoteSettings.simple(1, 2, 3), 1, 2, 3);
        RecordingSession s = new RecordingSession();
        c.node(3).executive.openSession(VotequorumEngine.INFO.id(), s);
        c.node(3).executive.request(s, QuorumProtocol.VQ_TRACKSTART,
                LittleEndian.ints(QuorumProtocol.TRACK_CURRENT | QuorumProtocol.TRACK_CHANGES));
        assertEquals(1, s.callbacks().size());
        assertEquals(1, s.callbacks().get(0).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        c.network.partition(new int[] {1, 2}, new int[] {3});
        assertTrue(c.settle(3));
        ByteBuffer last = s.callbacks().get(s.callbacks().size() - 1).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("the last notification says inquorate", 0, last.getInt(0));
    }

    @Test
    public void twoNodeKeepsQuorumWithOneNodeButWaitsForAllAtStart() {
        Map<Integer, Integer> votes = new TreeMap<>(Map.of(1, 1, 2, 1));
        VoteSettings two = new VoteSettings(true, 2, 1, votes, true, true, false, 10_000, false, false);
        QuorumCluster c = new QuorumCluster();
        c.start(1, two);
        assertTrue(c.settle(1));
        assertFalse("wait_for_all: a lone first node is not quorate", info(c.node(1)).quorate());
        assertTrue(info(c.node(1)).has(VotequorumInfo.TWONODE));
        c.start(2, two);
        assertTrue(c.settle(1, 2));
        assertTrue(info(c.node(1)).quorate());
        assertEquals(1, info(c.node(1)).quorum());

        c.network.partition(new int[] {1}, new int[] {2});
        assertTrue(c.settle(1));
        assertTrue(c.settle(2));
        assertTrue("two_node: each survivor keeps quorum", info(c.node(1)).quorate());
        assertTrue(info(c.node(2)).quorate());
    }

    @Test
    public void autoTieBreakerKeepsTheHalfWithTheLowestNode() {
        Map<Integer, Integer> votes = new TreeMap<>(Map.of(1, 1, 2, 1, 3, 1, 4, 1));
        VoteSettings atb = new VoteSettings(true, 4, 1, votes, false, false, false, 10_000, true, false);
        QuorumCluster c = new QuorumCluster().startAll(atb, 1, 2, 3, 4);
        c.network.partition(new int[] {1, 2}, new int[] {3, 4});
        assertTrue(c.settle(1, 2));
        assertTrue(c.settle(3, 4));
        assertTrue(info(c.node(2)).quorate());
        assertFalse(info(c.node(3)).quorate());
    }

    @Test
    public void lastManStandingLowersExpectedVotesAfterTheWindow() {
        Map<Integer, Integer> votes = new TreeMap<>(Map.of(1, 1, 2, 1, 3, 1, 4, 1, 5, 1));
        VoteSettings lms = new VoteSettings(true, 5, 1, votes, false, false, true, 5_000, false, false);
        QuorumCluster c = new QuorumCluster().startAll(lms, 1, 2, 3, 4, 5);
        c.network.partition(new int[] {1, 2, 3}, new int[] {4}, new int[] {5});
        assertTrue(c.settle(1, 2, 3));
        assertEquals(5, info(c.node(1)).nodeExpectedVotes());
        c.network.run(6_000);
        assertEquals(3, info(c.node(1)).nodeExpectedVotes());
        c.network.partition(new int[] {1, 2}, new int[] {3}, new int[] {4}, new int[] {5});
        assertTrue(c.settle(1, 2));
        assertTrue("2 of the 3 left are quorate", info(c.node(1)).quorate());
    }

    @Test
    public void nodeInfoIsThirtyTwoBytesAtCorosyncsOffsets() {
        QuorumCluster c = new QuorumCluster().startAll(VoteSettings.simple(1, 2, 3), 1, 2, 3);
        List<byte[]> infos = new ArrayList<>();
        for (byte[] m : c.node(2).recording.sentOnA()) {
            if (ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 0x00050000) {
                infos.add(m);
            }
        }
        assertTrue("NODEINFO(self) and NODEINFO(0) in each sync", infos.size() >= 2);
        byte[] self = infos.get(infos.size() - 2);
        byte[] qdevice = infos.get(infos.size() - 1);
        for (byte[] m : List.of(self, qdevice)) {
            assertEquals(32, m.length);
            assertEquals("the capture's NODEINFO datagram", 92,
                    DATAGRAM_OVERHEAD + TotemPgGroup.A.headerLength() + m.length);
            ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(32, b.getInt(8));
            for (int k : new int[] {4, 5, 6, 7, 12, 13, 14, 15}) {
                assertEquals("padding " + k, 0, m[k]);
            }
        }
        ByteBuffer b = ByteBuffer.wrap(self).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, b.getInt(16));
        assertEquals(1, b.getInt(20));
        assertEquals(3, b.getInt(24));
        // QUORATE as computed when it was sent; FIRST when that was this node's first completed sync.
        assertEquals(0, b.getInt(28) & ~(VotequorumWire.FLAG_QUORATE | VotequorumWire.FLAG_FIRST));
        assertEquals(0, ByteBuffer.wrap(qdevice).order(ByteOrder.LITTLE_ENDIAN).getInt(16));
        assertEquals(0, ByteBuffer.wrap(qdevice).order(ByteOrder.LITTLE_ENDIAN).getInt(20));
    }

    /** As a C node without a qdevice: NODEINFO(0) is all zero (seen in interop: Chorus sent expected=4 there). */
    @Test
    public void qdeviceNodeInfoIsAllZeroAsCorosyncSendsIt() {
        QuorumCluster c = new QuorumCluster().startAll(VoteSettings.simple(1, 2, 3), 1, 2, 3);
        byte[] qdevice = null;
        for (byte[] m : c.node(2).recording.sentOnA()) {
            ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) == 0x00050000 && b.getInt(16) == VotequorumWire.QDEVICE_NODEID) {
                qdevice = m;
            }
        }
        assertNotNull("NODEINFO(0) sent in sync", qdevice);
        ByteBuffer b = ByteBuffer.wrap(qdevice).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("votes", 0, b.getInt(20));
        assertEquals("expected_votes", 0, b.getInt(24));
        assertEquals("flags", 0, b.getInt(28));
    }

    @Test
    public void aCorosyncNodeInfoWithGarbagePaddingIsRead() {
        byte[] m = {3, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0};
        VotequorumWire.NodeInfo n = VotequorumWire.nodeInfo(ByteBuffer.wrap(m));
        assertEquals(new VotequorumWire.NodeInfo(3, 2, 5, 9), n);
        VotequorumWire.Reconfigure r = new VotequorumWire.Reconfigure(1, 2, VotequorumWire.PARAM_NODE_VOTES);
        assertEquals("RECONFIGURE round trip", r, VotequorumWire.reconfigure(VotequorumWire.reconfigure(r)));
        assertEquals(12, VotequorumWire.reconfigure(new VotequorumWire.Reconfigure(1, 2, 1)).remaining());
    }
}
