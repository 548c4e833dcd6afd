package io.chorus.cli;

import io.chorus.api.tools.QuorumTool;
import java.util.List;

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
        return QuorumTool.run(args, usage(), engine -> IpcTarget.connect(ctx, node, engine), ctx.out(),
                ctx.err());
    }
}
