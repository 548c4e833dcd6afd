package io.chorus.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.config.CheckReport;
import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigLoader;
import io.chorus.crypto.PacketProtection;
import io.chorus.totem.TotemState;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/** Three TotemNodes in this JVM on 127.x.y.1..3 (udpu): the Netty driver, sealing and the source filter. */
public class InProcessRingTest {

    @Rule
    public Timeout timeout = Timeout.seconds(90);
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final TotemPgGroup GROUP = TotemPgGroup.of("test");
    private final List<TotemNode> nodes = new ArrayList<>();

    static String udpuConfig(String net, int port, int count, String extraTotem) {
        StringBuilder b = new StringBuilder("""
                totem {
                    version: 2
                    cluster_name: inproc
                    transport: udpu
                    token: 1000
                    token_coefficient: 0
                """).append(extraTotem).append("""
                    interface {
                        linknumber: 0
                        mcastport: %d
                    }
                }
                nodelist {
                """.formatted(port));
        for (int i = 1; i <= count; i++) {
            b.append("    node {\n        ring0_addr: ").append(net).append('.').append(i)
                    .append("\n        nodeid: ").append(i).append("\n    }\n");
        }
        return b.append("}\n").toString();
    }

    static ChorusConfig parse(String text) {
        CheckReport r = ConfigLoader.checkText(text, "inproc.conf");
        assertTrue(r.problems().toString(), r.valid());
        return r.config();
    }

    private TotemNode start(ChorusConfig config, int id, PacketProtection protection) throws Exception {
        TotemNode n = TotemNode.start(config, NodeOptions.defaults().withNodeId(id)
                .withStateDir(tmp.getRoot().toPath().resolve("n" + id)).withProtection(protection));
        nodes.add(n);
        return n;
    }

    @After
    public void stopAll() {
        for (TotemNode n : nodes) {
            n.stop(false);
        }
    }

    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static String net() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(100, 250) + "." + r.nextInt(1, 250);
    }

    static int port() {
        return ThreadLocalRandom.current().nextInt(20000, 30000) & ~1;
    }

    private static boolean ringOf(TotemNode n, int... members) {
        NodeStatus s = n.status();
        return s.state() == TotemState.OPERATIONAL && java.util.Arrays.equals(s.members(), members);
    }

    @Test
    public void threeNodesFormOneRingAndDeliverInTheSameOrder() throws Exception {
        ChorusConfig config = parse(udpuConfig(net(), port(), 3, ""));
        List<List<String>> delivered = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            TotemNode n = start(config, id, PacketProtection.none());
            List<String> mine = Collections.synchronizedList(new ArrayList<>());
            delivered.add(mine);
            n.join(GROUP, (sender, g, message) -> {
                byte[] b = new byte[message.remaining()];
                message.duplicate().get(b);
                mine.add(sender + ":" + new String(b, StandardCharsets.UTF_8));
            });
        }
        await("a ring of 3", 30_000, () -> nodes.stream().allMatch(n -> ringOf(n, 1, 2, 3)));
        int perNode = 200;
        for (int i = 0; i < perNode; i++) {
            for (TotemNode n : nodes) {
                ByteBuffer m = ByteBuffer.wrap(("m" + i).getBytes(StandardCharsets.UTF_8));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (n.mcast(GROUP, m.duplicate()).join() != McastResult.OK) {
                    assertTrue("send queue stayed full", System.nanoTime() < deadline);
                    Thread.sleep(2);
                }
            }
        }
        await("every message everywhere", 30_000, () -> delivered.stream().allMatch(d -> d.size() == 3 * perNode));
        assertEquals(delivered.get(0), delivered.get(1));
        assertEquals(delivered.get(0), delivered.get(2));
        for (int id = 1; id <= 3; id++) {
            List<String> fromId = new ArrayList<>();
            for (String s : delivered.get(0)) {
                if (s.startsWith(id + ":")) {
                    fromId.add(s);
                }
            }
            for (int i = 0; i < perNode; i++) {
                assertEquals("sender order kept", id + ":m" + i, fromId.get(i));
            }
        }
        NodeStatus s = nodes.get(0).status();
        assertEquals(0L, (long) s.transportCounters().get("invalid_digests"));
        assertTrue(s.transportCounters().get("packets_in") > 0);
        assertTrue(s.toLine(), s.toLine().contains("members=1,2,3"));
    }

    @Test
    public void aNodeWithAnotherKeyNeverJoinsAndItsPacketsCountAsInvalidDigests() throws Exception {
        ChorusConfig config = parse(udpuConfig(net(), port(), 3, ""));
        TotemNode a = start(config, 1, new HmacTestProtection("the cluster key"));
        TotemNode b = start(config, 2, new HmacTestProtection("the cluster key"));
        TotemNode intruder = start(config, 3, new HmacTestProtection("another key"));
        await("a ring of the two nodes with the right key", 30_000, () -> ringOf(a, 1, 2) && ringOf(b, 1, 2));
        await("invalid digests counted on both sides", 10_000,
                () -> a.status().transportCounters().get("invalid_digests") > 0
                        && intruder.status().transportCounters().get("invalid_digests") > 0);
        assertArrayEquals(new int[] {3}, intruder.status().members());
        // and it stays out while the others keep running
        Thread.sleep(2000);
        assertTrue(ringOf(a, 1, 2));
        assertArrayEquals(new int[] {3}, intruder.status().members());
    }

    @Test
    public void unlistedSourcesAreDropped() throws Exception {
        String net = net();
        int port = port();
        // node 3 is not in nodes 1 and 2's list: they drop its datagrams, so it never joins them
        ChorusConfig two = parse(udpuConfig(net, port, 2, ""));
        ChorusConfig three = parse(udpuConfig(net, port, 3, ""));
        TotemNode a = start(two, 1, PacketProtection.none());
        TotemNode b = start(two, 2, PacketProtection.none());
        TotemNode c = start(three, 3, PacketProtection.none());
        await("a ring of 1 and 2", 30_000, () -> ringOf(a, 1, 2) && ringOf(b, 1, 2));
        await("node 3's packets blocked", 10_000, () -> a.status().transportCounters().get("blocked_unlisted") > 0);
        Thread.sleep(1500);
        assertTrue(ringOf(a, 1, 2));
        assertArrayEquals(new int[] {3}, c.status().members());
    }
}
