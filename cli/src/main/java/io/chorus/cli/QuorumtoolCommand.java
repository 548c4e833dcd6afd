package io.chorus.cli;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.cmap.CmapClient;
import io.chorus.api.cmap.CmapValue;
import io.chorus.api.quorum.QuorumClient;
import io.chorus.api.quorum.QuorumProtocol;
import io.chorus.api.quorum.VotequorumClient;
import io.chorus.api.quorum.VotequorumInfo;
import io.chorus.api.quorum.VotequorumNode;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code chorus quorumtool -s | -l | -e N}, shaped like corosync-quorumtool: {@code -s} the quorum and votequorum
 * status with the membership, {@code -l} the membership with votes, {@code -e} sets expected votes cluster-wide.
 * Exit codes: 0 done, 1 usage or the node could not be asked.
 */
public final class QuorumtoolCommand implements Subcommand {

    @Override
    public String name() {
        return "quorumtool";
    }

    @Override
    public String summary() {
        return "quorum status, membership with votes, set expected votes (like corosync-quorumtool)";
    }

    @Override
    public String usage() {
        return "usage: chorus quorumtool [--node I] [-s] [-l] [-e VOTES]\n"
                + "  -s          show quorum status (default)\n"
                + "  -l          list nodes with their votes\n"
                + "  -e VOTES    change expected votes for the cluster\n";
    }

    @Override
    public int run(List<String> given, CliContext ctx) {
        List<String> args = new java.util.ArrayList<>(given);
        String node = IpcTarget.takeNode(args);
        String mode = "s";
        int expected = -1;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-s" -> mode = "s";
                case "-l" -> mode = "l";
                case "-e" -> {
                    if (i + 1 >= args.size()) {
                        ctx.err().print(usage());
                        return 1;
                    }
                    mode = "e";
                    try {
                        expected = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        ctx.err().println("New expected votes value was not valid, try a positive number");
                        return 1;
                    }
                }
                default -> {
                    ctx.err().print(usage());
                    return 1;
                }
            }
        }
        try {
            return switch (mode) {
                case "e" -> setExpected(ctx, node, expected);
                case "l" -> list(ctx, node, false);
                default -> list(ctx, node, true);
            };
        } catch (ChorusException e) {
            ctx.err().println("Cannot initialize QUORUM service: " + IpcTarget.csError(e) + " (" + e.getMessage()
                    + ")");
            return 1;
        }
    }

    private int setExpected(CliContext ctx, String node, int expected) throws ChorusException {
        try (VotequorumClient vq = VotequorumClient.open(IpcTarget.connect(ctx, node, QuorumProtocol.VOTEQUORUM_ENGINE),
                null)) {
            vq.setExpected(expected);
            return 0;
        } catch (ChorusException e) {
            ctx.err().println("Unable to set expected votes: " + IpcTarget.csError(e));
            return 1;
        }
    }

    private int list(CliContext ctx, String node, boolean status) throws ChorusException {
        long[] ring = new long[1];
        int[][] members = new int[1][];
        boolean quorate;
        int type;
        try (QuorumClient q = QuorumClient.open(IpcTarget.connect(ctx, node, QuorumProtocol.QUORUM_ENGINE),
                (qu, seq, m) -> {
                    ring[0] = seq;
                    members[0] = m;
                })) {
            quorate = q.getQuorate();
            type = q.getType();
            q.trackStart(QuorumProtocol.TRACK_CURRENT);
            q.dispatch(DispatchFlag.ONE);
        }
        Map<Integer, String> names = names(ctx, node);
        List<VotequorumInfo> nodes = List.of();
        VotequorumInfo me = null;
        if (type == QuorumProtocol.TYPE_SET) {
            try (VotequorumClient vq = VotequorumClient.open(IpcTarget.connect(ctx, node,
                    QuorumProtocol.VOTEQUORUM_ENGINE), null)) {
                me = vq.getInfo(0);
                nodes = vq.nodes();
            }
        }
        if (status) {
            ctx.out().println("Quorum information");
            ctx.out().println("------------------");
            ctx.out().printf("Date:             %s%n", ZonedDateTime.now().format(
                    DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT)));
            ctx.out().printf("Quorum provider:  %s%n", type == QuorumProtocol.TYPE_SET ? "corosync_votequorum"
                    : "None");
            int[] m = members[0] == null ? new int[0] : members[0];
            ctx.out().printf("Nodes:            %d%n", m.length);
            if (me != null) {
                ctx.out().printf("Node ID:          %s%n", Integer.toUnsignedString(me.nodeId()));
            }
            ctx.out().printf("Ring ID:          %s.%x%n", m.length == 0 ? "0" : Integer.toUnsignedString(m[0]),
                    ring[0]);
            ctx.out().printf("Quorate:          %s%n", quorate ? "Yes" : "No");
            if (me != null) {
                ctx.out().println();
                ctx.out().println("Votequorum information");
                ctx.out().println("----------------------");
                ctx.out().printf("Expected votes:   %d%n", me.nodeExpectedVotes());
                ctx.out().printf("Highest expected: %d%n", me.highestExpected());
                ctx.out().printf("Total votes:      %d%n", me.totalVotes());
                ctx.out().printf("Quorum:           %d  %s%n", me.quorum(), quorate ? "" : "Activity blocked");
                ctx.out().printf("Flags:            %s%n", flags(me));
            }
            ctx.out().println();
        }
        ctx.out().println("Membership information");
        ctx.out().println("----------------------");
        ctx.out().println("    Nodeid      Votes Name");
        for (VotequorumInfo n : nodes) {
            if (n.nodeState() != VotequorumNode.MEMBER) {
                continue;
            }
            String name = names.getOrDefault(n.nodeId(), Integer.toUnsignedString(n.nodeId()));
            ctx.out().printf("%10s %10d %s%s%n", Integer.toUnsignedString(n.nodeId()), n.nodeVotes(), name,
                    me != null && me.nodeId() == n.nodeId() ? " (local)" : "");
        }
        if (nodes.isEmpty() && members[0] != null) {
            for (int id : members[0]) {
                ctx.out().printf("%10s %10d %s%n", Integer.toUnsignedString(id), 1,
                        names.getOrDefault(id, Integer.toUnsignedString(id)));
            }
        }
        return 0;
    }

    private static String flags(VotequorumInfo i) {
        StringBuilder b = new StringBuilder();
        if (i.has(VotequorumInfo.TWONODE)) {
            b.append("2Node ");
        }
        if (i.has(VotequorumInfo.QUORATE)) {
            b.append("Quorate ");
        }
        if (i.has(VotequorumInfo.WAIT_FOR_ALL)) {
            b.append("WaitForAll ");
        }
        if (i.has(VotequorumInfo.LAST_MAN_STANDING)) {
            b.append("LastManStanding ");
        }
        if (i.has(VotequorumInfo.AUTO_TIE_BREAKER)) {
            b.append("AutoTieBreaker ");
        }
        if (i.has(VotequorumInfo.ALLOW_DOWNSCALE)) {
            b.append("AllowDownscale ");
        }
        return b.toString();
    }

    /** nodeid → ring0_addr (or name) from the node's cmap, as corosync-quorumtool names nodes. */
    private static Map<Integer, String> names(CliContext ctx, String node) {
        Map<Integer, String> out = new HashMap<>();
        try (CmapClient cmap = CmapClient.open(IpcTarget.connect(ctx, node, "cmap"))) {
            Map<String, CmapValue> keys = cmap.iterate("nodelist.node.");
            for (Map.Entry<String, CmapValue> e : keys.entrySet()) {
                if (e.getKey().endsWith(".nodeid")) {
                    String base = e.getKey().substring(0, e.getKey().length() - "nodeid".length());
                    CmapValue addr = keys.getOrDefault(base + "name", keys.get(base + "ring0_addr"));
                    if (addr != null) {
                        out.put((int) e.getValue().asLong(), addr.text());
                    }
                }
            }
        } catch (ChorusException | RuntimeException e) {
            // Names are a nicety: without cmap the list shows node ids.
        }
        return out;
    }
}
