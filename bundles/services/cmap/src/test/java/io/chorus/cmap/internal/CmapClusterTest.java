package io.chorus.cmap.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.cmap.CmapProtocol;
import io.chorus.api.cmap.CmapType;
import io.chorus.api.cmap.CmapValue;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.wire.LittleEndian;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.RecordingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/** cmap on three in-memory executives (virtual time): ordered set/delete, iterate, track, config versions. */
public class CmapClusterTest {

    final MemoryCluster cluster = new MemoryCluster();

    private void start(long[] versions, int... ids) {
        Map<String, CmapValue> config = Map.of("totem.token", CmapValue.uint32(3000),
                "totem.cluster_name", CmapValue.string("chorus"));
        for (int k = 0; k < ids.length; k++) {
            int id = ids[k];
            long version = versions[k];
            cluster.start(id, node -> node.executive().addEngine(new CmapEngine(new CmapSettings(config, version,
                    Map.of(id, "r(0) ip(127.0.0." + id + ") ")), node.executive()::statistics)));
        }
        assertTrue(cluster.settle(ids));
    }

    private Executive node(int id) {
        return cluster.node(id).executive();
    }

    private RecordingSession open(int node) {
        RecordingSession s = new RecordingSession();
        node(node).openSession(CmapEngine.INFO.id(), s);
        return s;
    }

    private CmapValue get(RecordingSession s, int node, String key) {
        node(node).request(s, CmapProtocol.GET, CmapProtocol.key(key));
        ByteBuffer r = s.lastResponse();
        if (ResponseStatus.read(r) != ChorusError.OK) {
            return null;
        }
        r.position(4);
        return CmapProtocol.getValue(r);
    }

    @Test
    public void setIterateTrackAndDeleteAcrossNodes() {
        start(new long[] {0, 0, 0}, 1, 2, 3);
        RecordingSession s1 = open(1);
        RecordingSession s3 = open(3);
        ByteBuffer track = LittleEndian.allocate(64);
        CmapProtocol.putKey(track, "app.");
        track.putInt(CmapProtocol.TRACK_ADD_EVENT | CmapProtocol.TRACK_DELETE_EVENT | CmapProtocol.TRACK_MODIFY
                | CmapProtocol.TRACK_PREFIX).flip();
        node(3).request(s3, CmapProtocol.TRACK_ADD, track);
        assertEquals(ChorusError.OK, ResponseStatus.read(s3.lastResponse()));

        node(1).request(s1, CmapProtocol.SET, CmapProtocol.keyValue("app.x", CmapValue.uint32(7)));
        assertEquals(ChorusError.OK, ResponseStatus.read(s1.lastResponse()));
        cluster.run(2000);
        assertEquals(CmapValue.uint32(7), get(open(2), 2, "app.x"));
        assertEquals(CmapValue.uint32(7), get(s3, 3, "app.x"));
        assertEquals(1, s3.callbacks().size());
        ByteBuffer cb = s3.callbacks().get(0);
        cb.getLong();
        assertEquals(CmapProtocol.TRACK_ADD_EVENT, cb.getInt());
        assertEquals("app.x", CmapProtocol.getKey(cb));

        node(2).request(open(2), CmapProtocol.ITER, CmapProtocol.key("runtime.members."));
        RecordingSession s2 = open(2);
        node(2).request(s2, CmapProtocol.ITER, CmapProtocol.key("runtime.members."));
        ByteBuffer it = s2.lastResponse();
        it.position(4);
        int n = it.getInt();
        Map<String, CmapValue> members = new TreeMap<>();
        for (int k = 0; k < n; k++) {
            members.put(CmapProtocol.getKey(it), CmapProtocol.getValue(it));
        }
        assertEquals(CmapValue.string("joined"), members.get("runtime.members.3.status"));
        assertEquals(CmapValue.uint64(0), members.get("runtime.members.1.config_version"));
        assertEquals(CmapValue.string("r(0) ip(127.0.0.2) "), members.get("runtime.members.2.ip"));

        node(2).request(s2, CmapProtocol.DELETE, CmapProtocol.key("app.x"));
        cluster.run(2000);
        assertEquals(null, get(s1, 1, "app.x"));
        assertEquals(2, s3.callbacks().size());
        assertEquals(CmapValue.uint32(3000), get(s1, 1, "totem.token"));
    }

    @Test
    public void cmapLoadedOnARunningRingListsTheMembersAtOnce() {
        start(new long[] {0, 0}, 1, 2);
        Executive ex = cluster.start(3).executive();
        assertTrue(cluster.runUntil(() -> ex.currentView() != null && !ex.currentView().transitional()
                && ex.currentView().members().length == 3 && !ex.syncInProgress(), 60_000));
        // cmap arrives after the ring formed (a feature installed, a bundle restarted)
        ex.addEngine(new CmapEngine(new CmapSettings(Map.of(), 0, Map.of()), ex::statistics));
        cluster.run(2000);
        RecordingSession s = open(3);
        for (int id = 1; id <= 3; id++) {
            assertEquals(CmapValue.string("joined"), get(s, 3, "runtime.members." + id + ".status"));
        }
    }

    @Test
    public void configVersionIsAnnouncedAsConfiguredAndNotExistWhenZero() {
        ByteBuffer zero = CmapWire.mcast(CmapWire.REASON_SYNC, List.of(CmapWire.configVersion(0)));
        assertEquals("the capture's cmap MCAST", 328, 16 + zero.remaining());
        assertEquals(0, zero.get(32 + 264)); // NOT_EXIST
        assertEquals(0, zero.order(ByteOrder.LITTLE_ENDIAN).getLong(32 + 272));
        assertEquals(20, zero.getShort(32));
        ByteBuffer five = CmapWire.mcast(CmapWire.REASON_SYNC, List.of(CmapWire.configVersion(5)));
        assertEquals(336, 16 + five.remaining());
        assertEquals(CmapType.UINT64.code(), five.get(32 + 264));
        assertEquals(5, five.order(ByteOrder.LITTLE_ENDIAN).getLong(32 + 280));

        start(new long[] {5, 0, 5}, 1, 2, 3);
        RecordingSession s = open(2);
        assertEquals(CmapValue.uint64(5), get(s, 2, "runtime.members.1.config_version"));
        assertEquals(CmapValue.uint64(0), get(s, 2, "runtime.members.2.config_version"));
        assertEquals(CmapValue.uint64(5), get(s, 2, "runtime.members.3.config_version"));
    }
}
