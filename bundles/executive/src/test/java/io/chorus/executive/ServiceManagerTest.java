package io.chorus.executive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.chorus.api.spi.EngineInfo;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.MemoryRing;
import io.chorus.executive.wire.ExecHeader;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/** Which engines run: stanzas, the default set, id conflicts, runtime changes; header checks on receive. */
public class ServiceManagerTest {

    private MemoryCluster cluster;
    private MemoryRing ring;
    private Executive ex;

    @Before
    public void oneNode() {
        cluster = new MemoryCluster();
        MemoryCluster.Node node = cluster.start(1);
        ring = node.ring();
        ex = node.executive();
        assertTrue("the one-node ring forms and syncs",
                cluster.runUntil(() -> cluster.settled(1), 10_000));
    }

    private List<String> loaded() {
        return ex.loadedEngines().stream().map(EngineInfo::name).toList();
    }

    private static ServiceStanza stanza(String name, int ver) {
        return new ServiceStanza(name, ver, Map.of(), "corosync.conf", 1);
    }

    @Test
    public void defaultSetRunsByNameUnlessTurnedOff() {
        EchoEngine cpg = new EchoEngine("cpg", 2, 0, "corosync_cpg");
        EchoEngine custom = new EchoEngine("counter", 40, 0);
        ex.addEngine(cpg);
        ex.addEngine(custom);
        assertEquals(List.of("cpg"), loaded());
        ex.defaultServices(false);
        assertEquals(List.of(), loaded());
        assertTrue(cpg.stopped);
        ex.putStanza("s1", stanza("corosync_cpg", 0)); // an alias selects it
        ex.putStanza("s2", stanza("counter", 0));
        assertEquals(List.of("cpg", "counter"), loaded());
    }

    @Test
    public void stanzaVersionMustMatchAndRemovalUnloads() {
        ex.defaultServices(false);
        EchoEngine v0 = new EchoEngine("pacemaker", 10, 0);
        EchoEngine v1 = new EchoEngine("pacemaker", 11, 1);
        ex.addEngine(v0);
        ex.addEngine(v1);
        ex.putStanza("pm", stanza("pacemaker", 1));
        assertEquals(List.of(11), ex.loadedEngines().stream().map(EngineInfo::id).toList());
        ex.putStanza("pm", stanza("pacemaker", 0)); // Config Admin edit of ver
        assertEquals(List.of(10), ex.loadedEngines().stream().map(EngineInfo::id).toList());
        assertTrue(v1.stopped);
        ex.removeStanza("pm");
        assertEquals(List.of(), loaded());
        assertTrue(v0.stopped);
    }

    @Test
    public void aSecondEngineClaimingALoadedIdIsRefusedAndLoadsWhenTheIdFrees() {
        ex.defaultServices(false);
        EchoEngine first = new EchoEngine("alpha", 30, 0);
        EchoEngine second = new EchoEngine("beta", 30, 0);
        ex.putStanza("a", stanza("alpha", 0));
        ex.putStanza("b", stanza("beta", 0));
        ex.addEngine(first);
        ex.addEngine(second);
        assertEquals(List.of("alpha"), loaded());
        assertEquals(null, second.context);
        ex.removeEngine(first);
        assertEquals(List.of("beta"), loaded());
        assertNotNull(second.context);
    }

    @Test
    public void stanzaKeysReachTheEngineAndFollowEdits() {
        ex.defaultServices(false);
        EchoEngine e = new EchoEngine("counter", 40, 0);
        ex.addEngine(e);
        ex.putStanza("c", new ServiceStanza("counter", 0, Map.of("step", "1"), "f", 1));
        assertEquals("1", e.context.stanza().get("step"));
        ex.putStanza("c", new ServiceStanza("counter", 0, Map.of("step", "5"), "f", 1));
        assertEquals("5", e.context.stanza().get("step"));
        assertFalse(e.stopped);
    }

    @Test
    public void malformedAndUnknownExecMessagesAreCountedAndDropped() {
        ex.defaultServices(false);
        EchoEngine e = new EchoEngine("counter", 40, 0);
        ex.addEngine(e);
        ex.putStanza("c", stanza("counter", 0));
        ByteBuffer wrongSize = ExecHeader.of(40, 1, 99);
        ring.mcast(TotemPgGroup.A, wrongSize);
        ring.mcast(TotemPgGroup.A, ExecHeader.of(50, 1, 16));
        ByteBuffer body = ByteBuffer.wrap("ok".getBytes());
        ring.mcast(TotemPgGroup.A, ExecHeader.of(40, 3, 18), body);
        cluster.run(2000);
        assertEquals(List.of("3:1:ok"), e.received);
        assertEquals(1, ex.droppedMessages(50));
        assertEquals(1L, (long) ex.statistics().get("runtime.executive.malformed"));
    }
}
