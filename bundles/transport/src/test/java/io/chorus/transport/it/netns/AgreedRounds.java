package io.chorus.transport.it.netns;

import static org.junit.Assert.assertEquals;

import io.chorus.transport.it.NodeProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * Rounds of test messages through {@code NodeMain} nodes and the check that every node delivered them in one agreed
 * order. {@code nodes[n]} is node n ({@code nodes[0]} is unused); a null entry is a node that takes no part (killed).
 */
final class AgreedRounds {
    private AgreedRounds() { }

    /** Every node's line count now: where its next lines will start. */
    static int[] marks(NodeProcess[] nodes) {
        int[] m = new int[nodes.length];
        for (int n = 1; n < nodes.length; n++) {
            m[n] = nodes[n] == null ? 0 : nodes[n].lineCount();
        }
        return m;
    }

    /**
     * Nodes 1 and 2 send {@code count} messages each ({@code tag-a-i}, {@code tag-b-i}); every node must deliver all
     * {@code 2 * count} of them, and every node the same sequence of deliveries since this round began. Run it when no
     * earlier message is still on its way. Returns that sequence.
     */
    static List<String> round(NodeProcess[] nodes, String tag, int count) throws Exception {
        int[] mark = marks(nodes);
        nodes[1].command("sendmany " + count + " " + tag + "-a");
        nodes[2].command("sendmany " + count + " " + tag + "-b");
        int total = 2 * count;
        List<String> first = null;
        for (int n = 1; n < nodes.length; n++) {
            NodeProcess p = nodes[n];
            if (p == null) {
                continue;
            }
            // each sender's messages arrive in the order it sent them: its last one comes last
            for (String last : List.of(tag + "-a-" + (count - 1), tag + "-b-" + (count - 1))) {
                p.await(last + " delivered", mark[n], 90_000, l -> l.startsWith("DELIVER ") && l.endsWith(" " + last));
            }
            List<String> got = deliveriesSince(p, mark[n]);
            if (first == null) {
                first = got;
                assertEquals(p + " delivered " + total + " messages (" + tag + ")", total, got.size());
            } else {
                assertEquals(p + " delivered the same sequence as the first node (" + tag + ")", first, got);
            }
        }
        return first;
    }

    /** Every node delivered the same sequence over its whole life (none was restarted). */
    static void sameHistory(NodeProcess[] nodes) {
        List<String> order = nodes[1].lines("DELIVER");
        for (int n = 2; n < nodes.length; n++) {
            assertEquals("node " + n + " delivered the same sequence as node 1", order, nodes[n].lines("DELIVER"));
        }
    }

    static List<String> deliveriesSince(NodeProcess p, int from) {
        List<String> all = p.lines();
        List<String> out = new ArrayList<>();
        for (int i = from; i < all.size(); i++) {
            if (all.get(i).startsWith("DELIVER")) {
                out.add(all.get(i));
            }
        }
        return out;
    }
}
