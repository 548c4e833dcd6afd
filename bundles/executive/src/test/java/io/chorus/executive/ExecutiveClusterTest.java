package io.chorus.executive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chorus.api.spi.Admission;
import io.chorus.totem.TotemParameters;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Several executives on an in-memory ring: dispatch order, sync, resync, admission, hot plug. */
public class ExecutiveClusterTest {

    @Test
    public void execMessagesArriveInTheSameOrderOnEveryNode() {
        Cluster c = new Cluster();
        KvEngine[] kv = new KvEngine[5];
        for (int i = 1; i <= 4; i++) {
            kv[i] = new KvEngine();
            c.start(i, kv[i]);
        }
        assertTrue(c.settle(1, 2, 3, 4));
        for (int round = 0; round < 10; round++) {
            for (int i = 1; i <= 4; i++) {
                assertEquals(Admission.ACCEPTED, kv[i].put("k" + (round % 3), "n" + i + "r" + round));
            }
            c.run(3);
        }
        c.run(2000);
        assertEquals(40, kv[1].log.size());
        for (int i = 2; i <= 4; i++) {
            assertEquals(kv[1].log, kv[i].log);
            assertEquals(kv[1].state, kv[i].state);
        }
        assertEquals("blue", kv[1].context.stanza().get("color"));
    }

    @Test
    public void aNodeThatJoinsLaterReceivesTheStateThroughSync() {
        Cluster c = new Cluster();
        KvEngine[] kv = {null, new KvEngine(), new KvEngine(), new KvEngine(), new KvEngine()};
        for (int i = 1; i <= 3; i++) {
            c.start(i, kv[i]);
        }
        assertTrue(c.settle(1, 2, 3));
        kv[1].put("a", "1");
        kv[2].put("b", "2");
        kv[3].put("c", "3");
        c.run(2000);
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), kv[1].state);
        long before = c.node(1).completedSyncs();

        c.start(4, kv[4]);
        assertTrue(c.settle(1, 2, 3, 4));

        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), kv[4].state);
        for (int i = 1; i <= 3; i++) {
            assertEquals(kv[4].state, kv[i].state);
        }
        assertTrue(c.node(1).completedSyncs() > before);
    }

    @Test
    public void statesOfBothSidesMergeWhenAPartitionHeals() {
        Cluster c = new Cluster();
        KvEngine[] kv = {null, new KvEngine(), new KvEngine(), new KvEngine(), new KvEngine()};
        for (int i = 1; i <= 4; i++) {
            c.start(i, kv[i]);
        }
        assertTrue(c.settle(1, 2, 3, 4));
        kv[1].put("shared", "before");
        c.run(2000);

        c.network.partition(new int[] {1, 2}, new int[] {3, 4});
        assertTrue(c.settle(1, 2));
        assertTrue(c.settle(3, 4));
        assertEquals(Admission.ACCEPTED, kv[2].put("left", "L"));
        assertEquals(Admission.ACCEPTED, kv[3].put("right", "R"));
        c.run(2000);
        assertFalse(kv[1].state.containsKey("right"));

        c.network.heal();
        assertTrue(c.settle(1, 2, 3, 4));
        Map<String, String> expected = Map.of("shared", "before", "left", "L", "right", "R");
        for (int i = 1; i <= 4; i++) {
            assertEquals("node " + i, expected, kv[i].state);
        }
    }

    @Test
    public void syncRestartsWhenTheConfigurationChangesMidSync() {
        Cluster c = new Cluster();
        KvEngine[] kv = {null, new KvEngine(), new KvEngine(), new KvEngine(), new KvEngine()};
        for (int i = 1; i <= 3; i++) {
            c.start(i, kv[i]);
        }
        assertTrue(c.settle(1, 2, 3));
        kv[1].put("x", "1");
        c.run(2000);
        for (int i = 1; i <= 4; i++) {
            kv[i].slowRotations = 20; // the engine's turn takes 20 token rotations
        }
        int activationsBefore = kv[1].activations;
        int initsBefore = kv[1].inits;
        c.start(4, kv[4]);
        // Wait until the 4-node ring's sync is under way: kv's turn started on node 1.
        assertTrue(c.network.runUntil(() -> kv[1].inits > initsBefore, 60_000));
        assertEquals(4, c.node(1).currentView().members().length);
        assertTrue(c.node(1).syncInProgress());
        assertEquals("the round is still open", activationsBefore, kv[1].activations);

        c.network.node(2).crash();
        assertTrue(c.settle(1, 3, 4));

        assertTrue("node 1 aborted the interrupted round", kv[1].aborts > 0);
        assertTrue(kv[4].aborts > 0);
        for (int i : new int[] {1, 3, 4}) {
            assertEquals(Map.of("x", "1"), kv[i].state);
            assertFalse(c.node(i).syncInProgress());
        }
    }

    @Test
    public void requestsGetTryAgainWhileSyncRuns() {
        Cluster c = new Cluster();
        KvEngine[] kv = {null, new KvEngine(), new KvEngine(), new KvEngine()};
        EchoEngine echo = new EchoEngine();
        c.start(1, kv[1], echo);
        c.start(2, kv[2]);
        assertTrue(c.settle(1, 2));
        kv[1].slowRotations = 30;
        kv[2].slowRotations = 30;
        kv[3].slowRotations = 30;
        c.start(3, kv[3]);
        assertTrue(c.network.runUntil(() -> c.node(1).syncInProgress()
                && c.node(1).currentView().members().length == 3 && !c.node(1).currentView().transitional(),
                60_000));
        assertEquals(Admission.TRY_AGAIN, kv[1].put("during", "sync"));
        assertEquals("every engine waits during a regular sync", Admission.TRY_AGAIN, echo.send("hi"));
        TestSession session = new TestSession(1);
        assertTrue(c.node(1).openSession(kv[1].info().id(), session));
        assertEquals(Admission.TRY_AGAIN, c.node(1).request(session, KvEngine.PUT, KvEngine.encode("r", "1")));

        assertTrue(c.settle(1, 2, 3));
        assertEquals(Admission.ACCEPTED, kv[1].put("after", "sync"));
        assertEquals(Admission.ACCEPTED, c.node(1).request(session, KvEngine.PUT, KvEngine.encode("r", "1")));
        c.run(2000);
        assertEquals(Map.of("after", "sync", "r", "1"), kv[3].state);
    }

    @Test
    public void requestsGetTryAgainWhenTheSendQueueIsFullAndTooBigOverOneMegabyte() {
        TotemParameters small = new TotemParameters(3000, 714, 561, 50, 3600, 200, 2500, 30, 5, 50, 17, 1500, 0, 4);
        Cluster c = new Cluster(small);
        KvEngine kv = new KvEngine();
        c.start(1, kv);
        assertTrue(c.settle(1));
        String big = "v".repeat(1000);
        int accepted = 0;
        Admission last = Admission.ACCEPTED;
        while (last == Admission.ACCEPTED && accepted < 100) {
            last = kv.put("k" + accepted, big);
            if (last == Admission.ACCEPTED) {
                accepted++;
            }
        }
        assertEquals(Admission.TRY_AGAIN, last);
        assertTrue(accepted > 0);
        assertEquals(Admission.TOO_BIG, kv.put("huge", "x".repeat(1024 * 1024)));
        c.run(2000);
        assertEquals(accepted, kv.state.size());
        assertEquals(Admission.ACCEPTED, kv.put("again", "ok"));
    }

    @Test
    public void anEngineLoadedOnARunningClusterGetsTheClusterState() {
        Cluster c = new Cluster();
        KvEngine[] kv = {null, new KvEngine(), new KvEngine(), new KvEngine()};
        EchoEngine[] echo = {null, new EchoEngine(), new EchoEngine(), new EchoEngine()};
        c.start(1, kv[1], echo[1]);
        c.start(2, kv[2], echo[2]);
        c.start(3, echo[3]);
        Cluster.enable(c.node(3), kv[3]); // stanza present, engine not yet installed on node 3
        assertTrue(c.settle(1, 2, 3));
        kv[1].put("a", "1");
        kv[2].put("b", "2");
        c.run(2000);
        assertEquals(2, c.node(3).droppedMessages(kv[1].info().id()));
        assertEquals(2L, (long) c.node(3).statistics().get("runtime.executive.dropped.20"));
        long syncs = c.node(1).completedSyncs();

        c.node(3).addEngine(kv[3]); // a feature install on node 3
        assertTrue(c.node(3).loadedEngines().stream().anyMatch(i -> i.name().equals("kv")));
        assertEquals("fresh engine waits for the state", Admission.TRY_AGAIN, kv[3].put("early", "x"));
        assertTrue(c.network.runUntil(() -> c.node(3).completedResyncs() > 0, 30_000));
        c.run(1000);

        assertEquals(Map.of("a", "1", "b", "2"), kv[3].state);
        assertEquals("no membership change was needed", syncs, c.node(1).completedSyncs());
        assertEquals(Admission.ACCEPTED, kv[3].put("c", "3"));
        c.run(2000);
        for (int i = 1; i <= 3; i++) {
            assertEquals(Map.of("a", "1", "b", "2", "c", "3"), kv[i].state);
        }
    }

    @Test
    public void anEngineReloadedOnARunningClusterIsBroughtUpToDateAgain() {
        Cluster c = new Cluster();
        KvEngine[] kv = {null, new KvEngine(), new KvEngine()};
        c.start(1, kv[1]);
        c.start(2, kv[2]);
        assertTrue(c.settle(1, 2));
        kv[1].put("a", "1");
        c.run(2000);

        c.node(2).removeEngine(kv[2]); // the engine's bundle stops...
        kv[1].put("b", "2");           // ...the cluster moves on without it there
        c.run(2000);
        long resyncs = c.node(2).completedResyncs();
        KvEngine reloaded = new KvEngine();
        c.node(2).addEngine(reloaded); // ...and starts again
        assertTrue("the reloaded engine asks for the state again",
                c.network.runUntil(() -> c.node(2).completedResyncs() > resyncs, 30_000));
        c.run(1000);
        assertEquals(Map.of("a", "1", "b", "2"), reloaded.state);

        c.node(2).removeEngine(reloaded); // and once more: every reload is answered, not only the first
        KvEngine again = new KvEngine();
        long resyncsAgain = c.node(2).completedResyncs();
        c.node(2).addEngine(again);
        assertTrue(c.network.runUntil(() -> c.node(2).completedResyncs() > resyncsAgain, 30_000));
        c.run(1000);
        assertEquals(Map.of("a", "1", "b", "2"), again.state);
    }

    @Test
    public void unloadingAnEngineLeavesTheOthersWorking() {
        Cluster c = new Cluster();
        KvEngine[] kv = {null, new KvEngine(), new KvEngine(), new KvEngine()};
        EchoEngine[] echo = {null, new EchoEngine(), new EchoEngine(), new EchoEngine()};
        for (int i = 1; i <= 3; i++) {
            c.start(i, kv[i], echo[i]);
        }
        assertTrue(c.settle(1, 2, 3));
        TestSession session = new TestSession(42);
        assertTrue(c.node(2).openSession(20, session));
        List<EngineUnloads.Event> unloads = EngineUnloads.record(c.node(2));
        long syncsBefore = c.node(2).completedSyncs();

        c.node(2).removeEngine(kv[2]); // feature uninstalled on node 2
        assertTrue(kv[2].stopped);
        assertEquals(List.of(42L), kv[2].closedSessions);
        assertEquals(1, unloads.size());
        assertEquals("kv", unloads.get(0).engine());
        assertEquals(List.of(42L), unloads.get(0).sessions());
        assertFalse(c.node(2).openSession(20, new TestSession(43)));

        assertEquals(Admission.ACCEPTED, kv[1].put("still", "works"));
        assertEquals(Admission.ACCEPTED, echo[2].send("hello"));
        c.run(2000);
        assertEquals(Map.of("still", "works"), kv[3].state);
        assertTrue(kv[2].state.isEmpty());
        assertEquals(1, c.node(2).droppedMessages(20));
        for (int i = 1; i <= 3; i++) {
            assertEquals(List.of("7:2:hello"), echo[i].received);
        }
        // The ring did not change for it.
        assertEquals(c.node(1).currentView().ringSeq(), c.node(2).currentView().ringSeq());
        assertEquals("no new sync", syncsBefore, c.node(2).completedSyncs());
    }
}
