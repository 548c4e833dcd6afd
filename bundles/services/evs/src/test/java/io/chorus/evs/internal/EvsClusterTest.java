package io.chorus.evs.internal;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.evs.EvsGroup;
import io.chorus.api.evs.EvsGuarantee;
import io.chorus.api.evs.EvsMembership;
import io.chorus.api.evs.EvsProtocol;
import io.chorus.evs.internal.EvsCluster.Handle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** EVS on 3-4 in-memory executives (virtual time), through the client API over the in-container connection. */
public class EvsClusterTest {

    private static final EvsGroup K1 = EvsGroup.named("key1");
    private static final EvsGroup K2 = EvsGroup.named("key2");
    private static final EvsGroup K3 = EvsGroup.named("key3");

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void aNewHandleGetsTheCurrentConfigurationAndMembership() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2, 3);
        Handle a = c.open(2);
        c.deliverAll();
        assertEquals(List.of("[1, 2, 3] left [] joined []"), a.seen().confchgs);
        assertEquals(new EvsMembership(2, new int[] {1, 2, 3}), a.evs().membershipGet());
    }

    @Test
    public void messagesReachEveryHandleOfATargetGroupInOneOrderIncludingTheSender() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2, 3, 4);
        Handle a = c.open(1);
        Handle b = c.open(2);
        Handle d = c.open(3);
        Handle onlyK3 = c.open(4);
        Handle none = c.open(4);
        a.evs().join(List.of(K1, K2));
        b.evs().join(List.of(K2));
        d.evs().join(List.of(K1));
        onlyK3.evs().join(List.of(K3));

        for (int round = 0; round < 10; round++) {
            a.evs().mcastJoined(EvsGuarantee.AGREED, text("a" + round));          // k1, k2
            b.evs().mcastJoined(EvsGuarantee.FIFO, text("b" + round));            // k2
            none.evs().mcastGroups(EvsGuarantee.AGREED, List.of(K1), text("n" + round)); // sender not a member
            c.network.run(3);
        }
        c.deliverAll();

        assertEquals(30, a.seen().deliveries.size()); // its own, b's (k2) and none's (k1)
        List<String> order = new ArrayList<>(a.seen().deliveries);
        // b (k2) sees a's and its own; d (k1) sees a's and none's: each the same relative order as a
        assertEquals(filter(order, "1:a", "2:b"), b.seen().deliveries);
        assertEquals(filter(order, "1:a", "4:n"), d.seen().deliveries);
        assertTrue(onlyK3.seen().deliveries.isEmpty());
        assertTrue(none.seen().deliveries.isEmpty());
        // per sender, FIFO
        List<String> fromA = filter(order, "1:a");
        for (int round = 0; round < 10; round++) {
            assertEquals("1:a" + round, fromA.get(round));
        }
    }

    private static List<String> filter(List<String> all, String... prefixes) {
        List<String> out = new ArrayList<>();
        for (String s : all) {
            for (String p : prefixes) {
                if (s.startsWith(p)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Test
    public void joinAndLeaveAreLocalFiltersWithTheirErrors() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(2);
        a.evs().join(List.of(K1, K2, K3));
        b.evs().join(List.of(K2));
        a.evs().leave(List.of(K1));
        assertError(ChorusError.NOT_EXIST, () -> a.evs().leave(List.of(K1)));
        assertError(ChorusError.NOT_EXIST, () -> a.evs().leave(List.of(K2, K1))); // all or nothing
        b.evs().mcastGroups(EvsGuarantee.AGREED, List.of(K1), text("to k1"));
        b.evs().mcastGroups(EvsGuarantee.AGREED, List.of(K2), text("to k2"));
        c.deliverAll();
        assertEquals(List.of("2:to k2"), a.seen().deliveries);
        assertEquals(List.of("2:to k2"), b.seen().deliveries);
        a.evs().leave(List.of(K2, K3));
        b.evs().mcastJoined(EvsGuarantee.AGREED, text("again"));
        c.deliverAll();
        assertEquals(List.of("2:to k2"), a.seen().deliveries);
        assertError(ChorusError.NAME_TOO_LONG, () -> EvsGroup.of("x".repeat(33)));
        assertArrayEquals(new byte[32], EvsGroup.named("").key());
    }

    @Test
    public void moreThanFiftyGroupsInOneCallAreTooMany() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        List<EvsGroup> fifty = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            fifty.add(EvsGroup.named("g" + i));
        }
        List<EvsGroup> fiftyOne = List.copyOf(fifty);
        fifty.remove(50);
        assertError(ChorusError.TOO_MANY_GROUPS, () -> a.evs().join(fiftyOne));
        a.evs().join(fifty);
        assertError(ChorusError.TOO_MANY_GROUPS,
                () -> a.evs().mcastGroups(EvsGuarantee.AGREED, fiftyOne, text("x")));
        // the engine checks too, for clients that do not use this library
        ByteBuffer raw = EvsProtocol.groupsRequest(fiftyOne);
        assertError(ChorusError.TOO_MANY_GROUPS, () -> c.connect(1).call(EvsProtocol.JOIN, raw));
    }

    @Test
    public void configurationChangesComeInOrderWithMessages() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(2);
        a.evs().join(List.of(K1));
        b.evs().join(List.of(K1));
        c.deliverAll();
        a.seen().confchgs.clear();
        b.seen().confchgs.clear();

        b.evs().mcastJoined(EvsGuarantee.AGREED, text("before"));
        c.network.run(2000);
        c.nodes.get(3).ring().crash();
        assertTrue(c.settle(1, 2));
        c.deliverAll();
        assertEquals(List.of("[1, 2] left [3] joined []"), a.seen().confchgs);
        assertEquals(a.seen().confchgs, b.seen().confchgs);
        assertEquals(List.of("2:before"), a.seen().deliveries);

        c.start(4);
        assertTrue(c.settle(1, 2, 4));
        b.evs().mcastJoined(EvsGuarantee.AGREED, text("after"));
        c.deliverAll();
        assertEquals(List.of("[1, 2] left [3] joined []", "[1, 2, 4] left [] joined [4]"), a.seen().confchgs);
        assertEquals(List.of("2:before", "2:after"), a.seen().deliveries);
        assertArrayEquals(new int[] {1, 2, 4}, a.evs().membershipGet().members());
    }

    @Test
    public void aClosedHandleGetsNothingAndItsConnectionSaysBadHandle() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2, 3);
        Handle a = c.open(1);
        Handle b = c.open(1);
        a.evs().join(List.of(K1));
        b.evs().join(List.of(K1));
        c.close(a);
        b.evs().mcastJoined(EvsGuarantee.AGREED, text("x"));
        c.deliverAll();
        assertEquals(List.of("1:x"), b.seen().deliveries);
        assertError(ChorusError.BAD_HANDLE, () -> a.evs().membershipGet());
    }

    @Test
    public void pipelinedMessagesArriveInTheOrderSentInterleavedWithWaitedForOnes() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2, 3);
        Handle sender = c.open(1);
        Handle receiver = c.open(3);
        sender.evs().join(List.of(K1));
        receiver.evs().join(List.of(K1, K2));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String m = "m" + i;
            switch (i % 3) {
                case 0 -> sender.evs().mcastPipelined(EvsGuarantee.AGREED, text(m));
                case 1 -> sender.evs().mcastGroupsPipelined(EvsGuarantee.AGREED, List.of(K2), text(m));
                default -> sender.evs().mcastJoined(EvsGuarantee.AGREED, text(m));
            }
            sent.add("1:" + m);
        }
        sender.evs().flush();
        c.deliverAll();
        assertEquals(sent, receiver.seen().deliveries);
        // the sender joined k1 only: it gets back what went to k1, not what went to k2
        assertEquals(sent.stream().filter(m -> Integer.parseInt(m.substring(3)) % 3 != 1).toList(),
                sender.seen().deliveries);
    }

    @Test
    public void aPipelinedMulticastToTooManyGroupsIsRefusedAtOnceAndNothingIsSent() throws Exception {
        EvsCluster c = new EvsCluster().startAll(1, 2);
        Handle sender = c.open(1);
        Handle receiver = c.open(2);
        receiver.evs().join(List.of(K1));
        List<EvsGroup> tooMany = new ArrayList<>();
        for (int i = 0; i <= io.chorus.api.evs.Evs.MAX_GROUPS_PER_CALL; i++) {
            tooMany.add(i == 0 ? K1 : EvsGroup.named("g" + i));
        }
        assertError(ChorusError.TOO_MANY_GROUPS,
                () -> sender.evs().mcastGroupsPipelined(EvsGuarantee.AGREED, tooMany, text("x")));
        sender.evs().flush();
        c.deliverAll();
        assertEquals(List.of(), receiver.seen().deliveries);
    }
}
