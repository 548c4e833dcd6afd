package io.chorus.cli;

import io.chorus.api.ChorusException;
import io.chorus.api.cfg.Cfg;
import io.chorus.api.cfg.CfgClient;
import io.chorus.api.cfg.CfgRing;
import io.chorus.ipc.client.IpcEngineConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code chorus cfgtool [--node I] -s | -r | -n | -k NODEID}: {@code corosync-cfgtool} against the local node, over
 * the IPC socket to its cfg engine. Output keeps corosync-cfgtool's shape ({@code -s} as Corosync 1.x, whose
 * redundant rings Chorus has; {@code -n} as Corosync 3). Exit codes: 0 done, 1 usage or failure.
 *
 * <p>The socket: {@code --node I} picks node I of the local cluster of {@code bin/chorus-cluster}
 * ({@code $CHORUS_CLUSTER_DIR}, default {@code $CHORUS_HOME/data/cluster}); else {@code -Dchorus.ipc.socket} or
 * {@code CHORUS_IPC_SOCKET}; else the distribution's own node ({@code $CHORUS_HOME/data/run/chorus.sock}) when it
 * exists; else {@code /run/chorus/chorus.sock}.
 */
public final class CfgtoolCommand implements Subcommand {

    @Override
    public String name() {
        return "cfgtool";
    }

    @Override
    public String summary() {
        return "ring status, re-enable rings, members, kill a node (like corosync-cfgtool)";
    }

    @Override
    public String usage() {
        return "usage: chorus cfgtool [--node I] [-s] [-r] [-n] [-k NODEID]\n"
                + "  -s         print the ring status of the local node\n"
                + "  -r         re-enable every FAULTY ring, cluster-wide\n"
                + "  -n         print the nodes of the ring\n"
                + "  -k NODEID  kill node NODEID (it leaves the ring and stops)\n"
                + "  --node I   talk to node I of the local cluster (bin/chorus-cluster)\n";
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        boolean status = false;
        boolean reenable = false;
        boolean nodes = false;
        Integer kill = null;
        String node = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "-s" -> status = true;
                    case "-r" -> reenable = true;
                    case "-n" -> nodes = true;
                    case "-k" -> kill = (int) Long.parseLong(args.get(++i));
                    case "--node" -> node = args.get(++i);
                    case "-h", "--help" -> {
                        ctx.out().print(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException(args.get(i));
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            ctx.err().print(usage());
            return ExitCodes.USAGE;
        }
        if (!status && !reenable && !nodes && kill == null) {
            ctx.err().print(usage());
            return ExitCodes.USAGE;
        }
        Path socket = socket(ctx, node);
        try (Cfg cfg = CfgClient.open(IpcEngineConnection.connect(socket, "cfg"))) {
            if (status) {
                ctx.out().print(ringStatus(cfg.localNodeId(), cfg.ringStatus()));
            }
            if (nodes) {
                ctx.out().print(nodes(cfg.localNodeId(), cfg.members()));
            }
            if (reenable) {
                ctx.out().println("Re-enabling all failed rings.");
                cfg.ringReenable();
            }
            if (kill != null) {
                cfg.killNode(kill, "killed by chorus cfgtool");
            }
            return 0;
        } catch (ChorusException e) {
            ctx.err().println("Could not talk to the cfg engine at " + socket + ": " + e.getMessage());
            return 1;
        }
    }

    static String ringStatus(int localNodeId, List<CfgRing> rings) {
        StringBuilder sb = new StringBuilder("Printing ring status.\n");
        sb.append("Local node ID ").append(Integer.toUnsignedString(localNodeId)).append('\n');
        for (CfgRing r : rings) {
            sb.append("RING ID ").append(r.ringNumber()).append('\n');
            sb.append("\tid\t= ").append(r.address()).append('\n');
            sb.append("\tstatus\t= ").append(r.status()).append('\n');
        }
        return sb.toString();
    }

    static String nodes(int localNodeId, int[] members) {
        StringBuilder sb = new StringBuilder("Local node ID ").append(Integer.toUnsignedString(localNodeId)).append('\n');
        for (int m : members) {
            if (m != localNodeId) {
                sb.append("nodeid: ").append(Integer.toUnsignedString(m)).append(" reachable\n");
            }
        }
        return sb.toString();
    }

    static Path socket(CliContext ctx, String node) {
        String home = ctx.properties().getProperty("chorus.home", ctx.env().getOrDefault("CHORUS_HOME", "."));
        if (node != null) {
            String dir = ctx.env().get("CHORUS_CLUSTER_DIR");
            Path cluster = dir == null || dir.isBlank() ? Path.of(home, "data", "cluster") : Path.of(dir);
            return cluster.resolve("node" + node).resolve("data/run/chorus.sock");
        }
        String p = ctx.properties().getProperty("chorus.ipc.socket");
        if (p == null || p.isBlank()) {
            p = ctx.env().get("CHORUS_IPC_SOCKET");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        Path own = Path.of(home, "data", "run", "chorus.sock");
        return Files.exists(own) ? own : Path.of("/run/chorus/chorus.sock");
    }
}
