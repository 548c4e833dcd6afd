package io.chorus.shell.internal;

import io.chorus.api.RingView;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.NodeControl;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of {@code chorus:status} and {@code chorus:cfgtool}, apart from the commands so that plain unit tests
 * check it. Either source may be missing (null): the text then says which part is unavailable instead of failing.
 */
final class StatusText {

    /** What {@code chorus:status} shows of the executive. */
    record ExecutiveFacts(List<EngineInfo> engines, boolean syncing, long syncs, long resyncs, RingView view) {
    }

    /** Counters shown by {@code chorus:status}: label, then the counter names summed for it. */
    private static final String[][] COUNTERS = {
        {"packets received", "packets_in"},
        {"packets sent", "packets_out"},
        {"tokens received", "orf_tokens_received"},
        {"retransmitted messages", "mcasts_retransmitted"},
        {"token losses", "token_loss"},
        {"invalid digests", "invalid_digests"},
        {"messages delivered", "messages_delivered"},
    };

    private StatusText() {
    }

    static String status(NodeControl.Status node, ExecutiveFacts ex) {
        StringBuilder sb = new StringBuilder();
        if (node == null) {
            sb.append("Ring:            not running (no NodeControl service: is chorus-executive started?)\n");
        } else {
            line(sb, "Node ID", Integer.toUnsignedString(node.nodeId()));
            line(sb, "Transport", node.transport());
            line(sb, "State", node.state());
            line(sb, "Ring ID", node.ringId());
            line(sb, "Members", ids(node.members()) + " (" + node.members().length + ")");
            for (NodeControl.Ring r : node.rings()) {
                line(sb, "Ring " + r.ringNumber(), r.address() + ": " + r.describe());
            }
        }
        if (ex == null) {
            sb.append("Executive:       not running\n");
        } else {
            line(sb, "Sync", (ex.syncing() ? "in progress" : "done") + " (" + ex.syncs() + " rounds, "
                    + ex.resyncs() + " resyncs)");
            line(sb, "Primary", ex.view() == null ? "no configuration yet" : ex.view().primary() ? "yes" : "no");
            line(sb, "Engines", ex.engines().isEmpty() ? "none" : ex.engines().stream()
                    .map(e -> e.name() + "(" + e.id() + ")").collect(Collectors.joining(" ")));
        }
        if (node != null) {
            sb.append("Counters:\n");
            for (String[] c : COUNTERS) {
                sb.append(String.format("  %-24s %d%n", c[0], node.counter(c[1])));
            }
        }
        return sb.toString();
    }

    /** {@code corosync-cfgtool -s} of Corosync 1.x, line for line. */
    static String ringStatus(NodeControl.Status node) {
        StringBuilder sb = new StringBuilder("Printing ring status.\n");
        sb.append("Local node ID ").append(Integer.toUnsignedString(node.nodeId())).append('\n');
        for (NodeControl.Ring r : node.rings()) {
            sb.append("RING ID ").append(r.ringNumber()).append('\n');
            sb.append("\tid\t= ").append(r.address()).append('\n');
            sb.append("\tstatus\t= ").append(r.describe()).append('\n');
        }
        return sb.toString();
    }

    /** {@code cfgtool -n}: the ring's members, this node marked. */
    static String nodes(NodeControl.Status node) {
        StringBuilder sb = new StringBuilder("Ring ID ").append(node.ringId()).append(", ")
                .append(node.members().length).append(" members:\n");
        for (int m : node.members()) {
            sb.append("nodeid: ").append(Integer.toUnsignedString(m));
            if (m == node.nodeId()) {
                sb.append(" (local)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String ids(int[] members) {
        return Arrays.stream(members).mapToObj(Integer::toUnsignedString).collect(Collectors.joining(" "));
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("%-16s %s%n", label + ":", value));
    }
}
