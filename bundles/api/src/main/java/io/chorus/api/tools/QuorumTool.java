package io.chorus.api.tools;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.cmap.CmapClient;
import io.chorus.api.cmap.CmapValue;
import io.chorus.api.quorum.QuorumClient;
import io.chorus.api.quorum.QuorumProtocol;
import io.chorus.api.quorum.VotequorumClient;
import io.chorus.api.quorum.VotequorumInfo;
import io.chorus.api.quorum.VotequorumNode;
import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code quorumtool -s | -l | -e N}, shaped like corosync-quorumtool: {@code -s} the quorum and votequorum status with
 * the membership, {@code -l} the membership with votes, {@code -e} sets expected votes cluster-wide. The same text
 * for {@code bin/chorus quorumtool} (over IPC) and {@code chorus:quorumtool} (in the console). Exit codes: 0 done, 1
 * usage or the node could not be asked.
 */
public final class QuorumTool {

    public static final String USAGE = "usage: quorumtool [-s] [-l] [-e VOTES]\n"
            + "  -s          show quorum status (default)\n"
            + "  -l          list nodes with their votes\n"
            + "  -e VOTES    change expected votes for the cluster\n";

    private QuorumTool() {
    }

    /** Runs {@code corosync-quorumtool}-style arguments against the node {@code engines} connects to. */
    public static int run(List<String> args, String usage, EngineConnector engines, PrintStream out,
            PrintStream err) {
        String mode = "s";
        int expected = -1;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-s" -> mode = "s";
                case "-l" -> mode = "l";
                case "-e" -> {
                    if (i + 1 >= args.size()) {
                        err.print(usage);
                        return 1;
                    }
                    mode = "e";
                    try {
                        expected = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        err.println("New expected votes value was not valid, try a positive number");
                        return 1;
                    }
                }
                default -> {
                    err.print(usage);
                    return 1;
                }
            }
        }
        try {
            return switch (mode) {
                case "e" -> setExpected(engines, err, expected);
                case "l" -> list(engines, out, false);
                default -> list(engines, out, true);
            };
        } catch (ChorusException e) {
            err.println("Cannot initialize QUORUM service: " + EngineConnector.csError(e) + " (" + e.getMessage()
                    + ")");
            return 1;
        }
    }

    private static int setExpected(EngineConnector engines, PrintStream err, int expected) throws ChorusException {
        try (VotequorumClient vq = VotequorumClient.open(engines.open(QuorumProtocol.VOTEQUORUM_ENGINE),
                null)) {
            vq.setExpected(expected);
            return 0;
        } catch (ChorusException e) {
            err.println("Unable to set expected votes: " + EngineConnector.csError(e));
            return 1;
        }
    }

    private static int list(EngineConnector engines, PrintStream out, boolean status) throws ChorusException {
        long[] ring = new long[1];
        int[][] members = new int[1][];
        boolean quorate;
        int type;
        try (QuorumClient q = QuorumClient.open(engines.open(QuorumProtocol.QUORUM_ENGINE),
                (qu, seq, m) -> {
                    ring[0] = seq;
                    members[0] = m;
                })) {
            quorate = q.getQuorate();
            type = q.getType();
            q.trackStart(QuorumProtocol.TRACK_CURRENT);
            q.dispatch(DispatchFlag.ONE);
        }
        Map<Integer, String> names = names(engines);
        List<VotequorumInfo> nodes = List.of();
        VotequorumInfo me = null;
        if (type == QuorumProtocol.TYPE_SET) {
            try (VotequorumClient vq = VotequorumClient.open(engines.open(QuorumProtocol.VOTEQUORUM_ENGINE), null)) {
                me = vq.getInfo(0);
                nodes = vq.nodes();
            }
        }
        if (status) {
            out.println("Quorum information");
            out.println("------------------");
            out.printf("Date:             %s%n", ZonedDateTime.now().format(
                    DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT)));
            out.printf("Quorum provider:  %s%n", type == QuorumProtocol.TYPE_SET ? "corosync_votequorum"
                    : "None");
            int[] m = members[0] == null ? new int[0] : members[0];
            out.printf("Nodes:            %d%n", m.length);
            if (me != null) {
                out.printf("Node ID:          %s%n", Integer.toUnsignedString(me.nodeId()));
            }
            out.printf("Ring ID:          %s.%x%n", m.length == 0 ? "0" : Integer.toUnsignedString(m[0]),
                    ring[0]);
            out.printf("Quorate:          %s%n", quorate ? "Yes" : "No");
            if (me != null) {
                out.println();
                out.println("Votequorum information");
                out.println("----------------------");
                out.printf("Expected votes:   %d%n", me.nodeExpectedVotes());
                out.printf("Highest expected: %d%n", me.highestExpected());
                out.printf("Total votes:      %d%n", me.totalVotes());
                out.printf("Quorum:           %d  %s%n", me.quorum(), quorate ? "" : "Activity blocked");
                out.printf("Flags:            %s%n", flags(me));
            }
            out.println();
        }
        out.println("Membership information");
        out.println("----------------------");
        out.println("    Nodeid      Votes Name");
        for (VotequorumInfo n : nodes) {
            if (n.nodeState() != VotequorumNode.MEMBER) {
                continue;
            }
            String name = names.getOrDefault(n.nodeId(), Integer.toUnsignedString(n.nodeId()));
            out.printf("%10s %10d %s%s%n", Integer.toUnsignedString(n.nodeId()), n.nodeVotes(), name,
                    me != null && me.nodeId() == n.nodeId() ? " (local)" : "");
        }
        if (nodes.isEmpty() && members[0] != null) {
            for (int id : members[0]) {
                out.printf("%10s %10d %s%n", Integer.toUnsignedString(id), 1,
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
    private static Map<Integer, String> names(EngineConnector engines) {
        Map<Integer, String> out = new HashMap<>();
        try (CmapClient cmap = CmapClient.open(engines.open("cmap"))) {
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
