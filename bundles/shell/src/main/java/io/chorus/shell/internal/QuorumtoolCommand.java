package io.chorus.shell.internal;

import io.chorus.api.client.GatewayConnection;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.tools.QuorumTool;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code chorus:quorumtool -s | -l | -e N}: corosync-quorumtool in the console, the same text as {@code bin/chorus}. */
@Command(scope = "chorus", name = "quorumtool", description = "Quorum status, membership with votes, set expected votes (like corosync-quorumtool)")
@Service
public class QuorumtoolCommand implements Action {

    @Option(name = "-s", description = "show quorum status (the default)")
    boolean status;

    @Option(name = "-l", description = "list nodes with their votes")
    boolean list;

    @Option(name = "-e", description = "change expected votes for the cluster")
    String expected;

    @Reference(optional = true)
    ClientGateway gateway;

    @Override
    public Object execute() {
        if (gateway == null) {
            System.out.println("The executive is not running (chorus-executive).");
            return null;
        }
        List<String> args = new ArrayList<>();
        if (expected != null) {
            args.add("-e");
            args.add(expected);
        } else if (list) {
            args.add("-l");
        }
        QuorumTool.run(args, QuorumTool.USAGE, engine -> GatewayConnection.open(gateway, engine), System.out,
                System.out);
        return null;
    }
}
