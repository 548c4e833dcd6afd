package io.chorus.ckpt.internal;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.ckpt.Ckpt;
import io.chorus.api.ckpt.CkptCheckpoint;
import io.chorus.api.ckpt.CkptClient;
import io.chorus.api.ckpt.CkptCreationAttributes;
import io.chorus.api.ckpt.CkptIoVector;
import io.chorus.api.ckpt.CkptSectionDescriptor;
import io.chorus.api.ckpt.CkptSectionId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** CKPT on 3 in-memory executives (virtual time), through the client API over the in-container connection. */
public class CkptClusterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int RW = Ckpt.READ | Ckpt.WRITE;
    private static final int RWC = RW | Ckpt.CREATE;
    private static final CkptSectionId DEFAULT = CkptSectionId.DEFAULT;

    /** testckpt's "defaults": one (default) section, retention 5 s. */
    private static final CkptCreationAttributes ONE_SECTION = new CkptCreationAttributes(Ckpt.WR_ALL_REPLICAS,
            100_000, 5 * SECOND, 1, 200_000, 20);
    private static final CkptCreationAttributes THREE_SECTIONS = new CkptCreationAttributes(Ckpt.WR_ALL_REPLICAS,
            300, 5 * SECOND, 3, 100, 20);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String readAll(CkptCheckpoint c, CkptSectionId id) throws ChorusException {
        return new String(c.read(List.of(CkptIoVector.read(id, 0, 1000))).get(0), StandardCharsets.UTF_8);
    }

    @Test
    public void openCreateAndItsErrors() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        assertError(ChorusError.VERSION, () -> CkptClient.initialize(c.connect(1), null, 'A', 1, 1));
        CkptClient one = c.client(1);
        CkptClient two = c.client(2);
        assertError(ChorusError.NOT_EXIST, () -> two.checkpointOpen("defaults", null, Ckpt.READ, SECOND));
        one.checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        // open from another node, same shape (retention ignored) or no attributes: the same checkpoint
        two.checkpointOpen("defaults", ONE_SECTION.withRetention(SECOND), RWC, SECOND);
        two.checkpointOpen("defaults", null, Ckpt.READ, SECOND);
        assertError(ChorusError.EXIST, () -> two.checkpointOpen("defaults", THREE_SECTIONS, RWC, SECOND));
        assertError(ChorusError.BAD_FLAGS, () -> one.checkpointOpen("defaults", null, 8 | Ckpt.READ, SECOND));
        assertError(ChorusError.INVALID_PARAM, () -> one.checkpointOpen("x", null, RWC, SECOND));
        assertError(ChorusError.INVALID_PARAM, () -> one.checkpointOpen("x", ONE_SECTION, RW, SECOND));
        CkptCreationAttributes tooBig = new CkptCreationAttributes(1, 1001, 0, 10, 100, 20);
        assertError(ChorusError.INVALID_PARAM, () -> one.checkpointOpen("x", tooBig, RWC, SECOND));
        c.network.run(100);
        for (int n = 1; n <= 3; n++) {
            Checkpoint replica = c.replica(n, "defaults");
            assertEquals(Map.of(1, 1, 2, 2), replica.refcounts);
            assertEquals(1, replica.sections.size()); // the default section
        }
    }

    @Test
    public void writeOnOneNodeReadOnAnother() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        CkptCheckpoint w = c.client(1).checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        CkptCheckpoint r = c.client(3).checkpointOpen("defaults", null, Ckpt.READ, SECOND);
        assertEquals("", readAll(r, DEFAULT));
        w.write(List.of(CkptIoVector.write(DEFAULT, bytes("hello"), 0)));
        assertEquals("hello", readAll(r, DEFAULT));
        CkptCheckpoint w2 = c.client(2).checkpointOpen("defaults", null, Ckpt.WRITE, SECOND);
        w2.write(List.of(CkptIoVector.write(DEFAULT, bytes(" world"), 5)));
        assertEquals("hello world", readAll(r, DEFAULT));
        assertArrayEquals(bytes("world"), r.read(List.of(CkptIoVector.read(DEFAULT, 6, 5))).get(0));
        w.sectionOverwrite(DEFAULT, bytes("new"));
        assertEquals("new", readAll(r, DEFAULT));
        c.network.run(100);
        assertEquals(3, r.statusGet().memoryUsed());
        assertEquals(1, r.statusGet().numberOfSections());
        assertError(ChorusError.NOT_EXIST, () -> w.write(List.of(CkptIoVector.write(CkptSectionId.of("s"),
                bytes("x"), 0))));
        assertError(ChorusError.INVALID_PARAM, () -> w.write(List.of(CkptIoVector.write(DEFAULT,
                new byte[200_001], 0))));
        for (int n = 1; n <= 3; n++) {
            assertArrayEquals(bytes("new"), c.replica(n, "defaults").sections.get(DEFAULT).data);
        }
    }

    @Test
    public void sectionsCreateDeleteIterate() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        CkptCheckpoint one = c.client(1).checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        assertError(ChorusError.EXIST, () -> one.sectionCreate(CkptSectionId.of("s1"), Ckpt.TIME_END, bytes("")));

        CkptCheckpoint k = c.client(1).checkpointOpen("sections", THREE_SECTIONS, RWC, SECOND);
        k.sectionCreate(CkptSectionId.of("s1"), Ckpt.TIME_END, bytes("one"));
        assertError(ChorusError.EXIST, () -> k.sectionCreate(CkptSectionId.of("s1"), Ckpt.TIME_END, bytes("")));
        k.sectionCreate(CkptSectionId.of("s2"), Ckpt.TIME_END, bytes("two"));
        k.sectionCreate(CkptSectionId.of("s3"), Ckpt.TIME_END, bytes("three"));
        assertError(ChorusError.NO_SPACE, () -> k.sectionCreate(CkptSectionId.of("s4"), Ckpt.TIME_END, bytes("")));
        k.sectionDelete(CkptSectionId.of("s2"));
        assertError(ChorusError.NOT_EXIST, () -> k.sectionDelete(CkptSectionId.of("s2")));
        assertError(ChorusError.INVALID_PARAM, () -> k.sectionDelete(DEFAULT));
        assertError(ChorusError.INVALID_PARAM, () -> k.sectionCreate(CkptSectionId.of("s5"), Ckpt.TIME_END,
                new byte[101]));

        CkptCheckpoint other = c.client(2).checkpointOpen("sections", null, Ckpt.READ, SECOND);
        assertEquals("three", readAll(other, CkptSectionId.of("s3")));
        CkptCheckpoint.Iterator it = other.sectionIterationInitialize(Ckpt.SECTIONS_ANY, 0);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try {
                CkptSectionDescriptor d = it.next();
                seen.add(d.sectionId() + ":" + d.sectionSize());
            } catch (ChorusException e) {
                assertEquals(ChorusError.NO_SECTIONS, e.error());
                seen.add("end");
            }
        }
        assertEquals(List.of("s1:3", "s3:5", "end", "end", "end"), seen);
        it.close();
        assertError(ChorusError.BAD_HANDLE, it::next);
    }

    @Test
    public void readOnlyHandleIsRefusedWrites() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        c.client(1).checkpointOpen("sections", THREE_SECTIONS, RWC, SECOND);
        CkptCheckpoint ro = c.client(2).checkpointOpen("sections", null, Ckpt.READ, SECOND);
        assertError(ChorusError.ACCESS, () -> ro.sectionCreate(CkptSectionId.of("s1"), Ckpt.TIME_END, bytes("")));
        assertError(ChorusError.ACCESS, () -> ro.write(List.of(CkptIoVector.write(DEFAULT, bytes("x"), 0))));
        CkptCheckpoint wo = c.client(3).checkpointOpen("sections", null, Ckpt.WRITE, SECOND);
        wo.sectionCreate(CkptSectionId.of("s1"), Ckpt.TIME_END, bytes("x"));
        assertError(ChorusError.ACCESS, () -> wo.read(List.of(CkptIoVector.read(CkptSectionId.of("s1"), 0, 1))));
        ro.close();
        assertError(ChorusError.BAD_HANDLE, ro::statusGet);
    }

    @Test
    public void retentionEndsInAnOrderedUnlink() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        CkptClient client = c.client(2);
        CkptCheckpoint k = client.checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        k.close();
        c.network.run(4_000);
        for (int n = 1; n <= 3; n++) {
            assertNotNull("kept during retention on " + n, c.replica(n, "defaults"));
        }
        c.network.run(2_000);
        for (int n = 1; n <= 3; n++) {
            assertNull("gone after retention on " + n, c.replica(n, "defaults"));
        }
        assertError(ChorusError.NOT_EXIST, () -> client.checkpointOpen("defaults", null, Ckpt.READ, SECOND));
    }

    @Test
    public void reopeningCancelsRetention() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        c.client(1).checkpointOpen("defaults", ONE_SECTION, RWC, SECOND).close();
        c.network.run(3_000);
        c.client(3).checkpointOpen("defaults", null, Ckpt.READ, SECOND);
        c.network.run(10_000);
        assertNotNull(c.replica(1, "defaults"));
    }

    @Test
    public void sectionExpiresEverywhereThroughTheRing() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        CkptCheckpoint k = c.client(3).checkpointOpen("sections", THREE_SECTIONS, RWC, SECOND);
        CkptSectionId s1 = CkptSectionId.of("s1");
        k.sectionCreate(s1, Ckpt.TIME_END, bytes("x"));
        k.sectionExpirationTimeSet(s1, c.nowNanos() + 5 * SECOND);
        c.network.run(4_000);
        assertEquals("x", readAll(k, s1));
        c.network.run(2_000);
        assertError(ChorusError.NOT_EXIST, () -> readAll(k, s1));
        for (int n = 1; n <= 3; n++) {
            assertTrue(c.replica(n, "sections").sections.isEmpty());
        }
    }

    @Test
    public void unlinkKeepsOpenersOnTheOldReplica() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        CkptClient client = c.client(1);
        CkptCheckpoint old = client.checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        old.write(List.of(CkptIoVector.write(DEFAULT, bytes("old"), 0)));
        client.checkpointUnlink("defaults");
        assertError(ChorusError.NOT_EXIST, () -> client.checkpointUnlink("defaults"));
        assertError(ChorusError.BAD_OPERATION, () -> old.retentionDurationSet(SECOND));
        CkptCheckpoint fresh = c.client(2).checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        assertEquals("", readAll(fresh, DEFAULT));
        assertEquals("old", readAll(old, DEFAULT));
        c.network.run(100); // the other replicas deliver a moment after the origin answered
        long oldId = c.nodes.get(1).engine().replica.checkpoints.all().iterator().next().id;
        old.close();
        c.network.run(100);
        for (int n = 1; n <= 3; n++) {
            assertEquals(1, c.nodes.get(n).engine().replica.checkpoints.all().size());
            assertNotEquals(oldId, c.replica(n, "defaults").id);
        }
    }

    @Test
    public void aNodeJoiningLaterGetsCheckpointsThroughSync() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2);
        CkptCheckpoint k = c.client(1).checkpointOpen("sections", THREE_SECTIONS, RWC, SECOND);
        k.sectionCreate(CkptSectionId.of("s1"), Ckpt.TIME_END, bytes("synced"));
        c.client(2).checkpointOpen("sections", null, Ckpt.READ, SECOND);
        c.start(3);
        assertTrue(c.settle(1, 2, 3));
        Checkpoint replica = c.replica(3, "sections");
        assertNotNull(replica);
        assertEquals(Map.of(1, 1, 2, 1), replica.refcounts);
        CkptCheckpoint r = c.client(3).checkpointOpen("sections", null, Ckpt.READ, SECOND);
        assertEquals("synced", readAll(r, CkptSectionId.of("s1")));
        // the counter came along: a checkpoint created on node 3 gets a new id
        c.client(3).checkpointOpen("other", ONE_SECTION, RWC, SECOND);
        c.network.run(100);
        assertNotEquals(c.replica(1, "other").id >>> 32, replica.id >>> 32);
    }

    @Test
    public void aDepartedNodesReferencesAreDroppedAndRetentionStarts() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        c.client(3).checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        c.nodes.get(3).ring().crash();
        assertTrue(c.settle(1, 2));
        assertTrue(c.replica(1, "defaults").refcounts.isEmpty());
        // the gap of services.md §5: retention restarted after sync
        c.network.run(6_000);
        assertNull(c.replica(1, "defaults"));
        assertNull(c.replica(2, "defaults"));
    }

    @Test
    public void clientExitClosesItsCheckpoints() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        CkptClient keeper = c.client(1);
        keeper.checkpointOpen("defaults", ONE_SECTION, RWC, SECOND);
        CkptClient leaver = c.client(2);
        leaver.checkpointOpen("defaults", null, Ckpt.READ, SECOND);
        leaver.checkpointOpen("defaults", null, Ckpt.READ, SECOND);
        c.network.run(100);
        assertEquals(Map.of(1, 1, 2, 2), c.replica(3, "defaults").refcounts);
        leaver.close();
        c.network.run(500);
        for (int n = 1; n <= 3; n++) {
            assertEquals(Map.of(1, 1), c.replica(n, "defaults").refcounts);
        }
        keeper.close();
        c.network.run(6_000);
        assertNull(c.replica(2, "defaults"));
    }

    @Test
    public void aMergeKeepsBothCheckpointsOfTheSameName() throws Exception {
        CkptCluster c = new CkptCluster().startAll(1, 2, 3);
        c.network.partition(new int[] {1, 2}, new int[] {3});
        assertTrue(c.settle(1, 2));
        assertTrue(c.settle(3));
        c.client(1).checkpointOpen("same", ONE_SECTION, RWC, SECOND);
        c.client(3).checkpointOpen("same", ONE_SECTION, RWC, SECOND);
        c.network.heal();
        assertTrue(c.settle(1, 2, 3));
        for (int n = 1; n <= 3; n++) {
            long named = c.nodes.get(n).engine().replica.checkpoints.all().stream()
                    .filter(k -> k.name.equals("same")).count();
            assertEquals("node " + n, 2, named);
        }
    }
}
