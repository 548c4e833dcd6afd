package io.chorus.transport.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Three NodeMain JVMs on 127.a.b.1..3 with {@code transport: udpu}: they form one ring and deliver the same messages
 * in the same order; a node killed with SIGKILL is dropped by the other two; restarted, it comes back with a ring
 * sequence above the one it had (its {@code ringid_<nodeid>} file); a node stopped with SIGTERM leaves cleanly (the
 * others see it in {@code left} without a token loss).
 */
public class LoopbackClusterIT {

    @Rule
    public Timeout timeout = Timeout.seconds(150);

    static String config(String net, int port, Path state) {
        StringBuilder b = new StringBuilder("""
                totem {
                    version: 2
                    cluster_name: loopit
                    transport: udpu
                    crypto_cipher: none
                    crypto_hash: none
                    token: 1000
                    token_coefficient: 0
                    interface {
                        linknumber: 0
                        mcastport: %d
                    }
                }
                nodelist {
                """.formatted(port));
        for (int i = 1; i <= 3; i++) {
            b.append("    node {\n        ring0_addr: ").append(net).append('.').append(i)
                    .append("\n        nodeid: ").append(i).append("\n        name: n").append(i).append("\n    }\n");
        }
        return b.append("}\nsystem {\n    state_dir: ").append(state).append("\n}\n").toString();
    }

    private static long seqOf(String ringId) {
        return Long.parseLong(ringId.substring(ringId.indexOf('.') + 1), 16);
    }

    @Test
    public void formDeliverCrashRestartAndLeave() throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String net = "127." + r.nextInt(100, 250) + "." + r.nextInt(1, 250);
        int port = r.nextInt(20000, 30000) & ~1;
        Path work = NodeProcess.workDir("loopback-" + System.currentTimeMillis());
        Path state = work.resolve("state");
        Path conf = work.resolve("corosync.conf");
        Files.writeString(conf, config(net, port, state));
        NodeProcess[] nodes = new NodeProcess[4];
        List<NodeProcess> all = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                nodes[id] = start(all, work, conf, id, "");
            }
            for (int id = 1; id <= 3; id++) {
                nodes[id].await("a ring of 1,2,3", 0, 30_000, l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,2,3 "));
            }

            // agreed order: 3 senders x 100 messages, the same sequence everywhere
            int[] mark = new int[4];
            for (int id = 1; id <= 3; id++) {
                mark[id] = nodes[id].lineCount();
                nodes[id].command("sendmany 100 n" + id);
            }
            for (int id = 1; id <= 3; id++) {
                NodeProcess n = nodes[id];
                n.await("300 deliveries", 0, 30_000, l -> n.lines("DELIVER").size() >= 300);
            }
            List<String> order = nodes[1].lines("DELIVER");
            assertEquals(300, order.size());
            assertEquals(order, nodes[2].lines("DELIVER"));
            assertEquals(order, nodes[3].lines("DELIVER"));
            for (int id = 1; id <= 3; id++) {
                int next = 0;
                for (String l : order) {
                    if (l.startsWith("DELIVER from=" + id + " ")) {
                        assertEquals("DELIVER from=" + id + " n" + id + "-" + next, l);
                        next++;
                    }
                }
                assertEquals(100, next);
            }

            // kill -9 node 3: 1 and 2 re-form without it
            String ringBefore = NodeProcess.field(nodes[3].lines("CONFIG REGULAR").get(nodes[3].lines("CONFIG REGULAR").size() - 1), "ring");
            mark[1] = nodes[1].lineCount();
            mark[2] = nodes[2].lineCount();
            nodes[3].kill9();
            for (int id = 1; id <= 2; id++) {
                nodes[id].await("the ring without 3", mark[id], 20_000, l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,2 "));
            }
            long stored = readRingSeq(state.resolve("ringid_3"));
            assertEquals("node 3 stored the ring it was in", seqOf(ringBefore), stored);

            // restart node 3: it starts above its stored ring sequence and comes back
            mark[1] = nodes[1].lineCount();
            nodes[3] = start(all, work, conf, 3, "-restart");
            String first = nodes[3].await("a first ring", 0, 30_000, l -> l.startsWith("CONFIG REGULAR"));
            assertTrue("restarted node's first ring " + first + " is above its stored sequence " + stored,
                    seqOf(NodeProcess.field(first, "ring")) > stored);
            nodes[3].await("the ring of 1,2,3", 0, 30_000, l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,2,3 "));
            nodes[1].await("3 back", mark[1], 30_000, l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,2,3 "));

            // clean stop (SIGTERM) of node 2: it leaves, the others see it in "left" without losing the token
            nodes[1].command("status");
            String statusBefore = nodes[1].await("status", mark[1], 10_000, l -> l.startsWith("STATUS"));
            mark[1] = nodes[1].lineCount();
            mark[3] = nodes[3].lineCount();
            assertTrue("node 2 exits on SIGTERM", nodes[2].terminate(20_000));
            nodes[2].await("LEFT", 0, 10_000, "LEFT"::equals);
            for (int id : new int[] {1, 3}) {
                nodes[id].await("2 in left", mark[id], 20_000, l -> l.startsWith("CONFIG TRANSITIONAL") && l.contains("left=2 "));
                nodes[id].await("the ring of 1,3", mark[id], 20_000, l -> l.startsWith("CONFIG REGULAR") && l.contains("members=1,3 "));
            }
            nodes[1].command("status");
            String statusAfter = nodes[1].await("status", mark[1], 10_000, l -> l.startsWith("STATUS"));
            assertEquals("a leave is not a token loss", NodeProcess.field(statusBefore, "token_loss"),
                    NodeProcess.field(statusAfter, "token_loss"));
        } finally {
            for (NodeProcess p : all) {
                p.kill();
            }
        }
    }

    private static NodeProcess start(List<NodeProcess> all, Path work, Path conf, int id, String suffix)
            throws Exception {
        NodeProcess p = NodeProcess.start("n" + id + suffix, work.resolve("n" + id + suffix + ".log"), null,
                List.of("-c", conf.toString(), "--nodeid", Integer.toString(id)));
        all.add(p);
        return p;
    }

    private static long readRingSeq(Path file) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
