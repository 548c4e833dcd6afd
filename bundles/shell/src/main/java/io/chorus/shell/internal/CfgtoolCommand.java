package io.chorus.shell.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.cfg.Cfg;
import io.chorus.api.cfg.CfgService;
import io.chorus.api.spi.NodeControl;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code chorus:cfgtool -s | -r | -n | -k NODEID}: {@code corosync-cfgtool} in the console. {@code -s} and {@code -n}
 * read this node's status; {@code -r} and {@code -k} go through the CFG engine (agreed messages), so they need
 * chorus-cfg loaded. References are optional so the command registers at once.
 */
@Command(scope = "chorus", name = "cfgtool", description = "Ring status, cluster-wide ring re-enable, members, kill a node (like corosync-cfgtool)")
@Service
public class CfgtoolCommand implements Action {

    @Option(name = "-s", description = "print the ring status of this node")
    boolean status;

    @Option(name = "-r", description = "re-enable every FAULTY ring, cluster-wide")
    boolean reenable;

    @Option(name = "-n", description = "print the ring's members")
    boolean nodes;

    @Option(name = "-k", description = "kill node NODEID (it leaves the ring and stops)")
    String kill;

    @Reference(optional = true)
    NodeControl node;

    @Reference(optional = true)
    CfgService cfg;

    @Override
    public Object execute() throws Exception {
        if (!status && !reenable && !nodes && kill == null) {
            status = true; // corosync-cfgtool without an option prints its usage; the status is what people want
        }
        if ((status || nodes) && node == null) {
            System.out.println("Could not get the ring status: this node's ring is not running (chorus-executive).");
            return null;
        }
        if (status) {
            System.out.print(StatusText.ringStatus(node.status()));
        }
        if (nodes) {
            System.out.print(StatusText.nodes(node.status()));
        }
        if (reenable || kill != null) {
            if (cfg == null) {
                System.out.println("The CFG engine is not available (feature:install chorus-cfg).");
                return null;
            }
            try (Cfg handle = cfg.open()) {
                if (reenable) {
                    System.out.println("Re-enabling all failed rings.");
                    handle.ringReenable();
                }
                if (kill != null) {
                    int id = (int) Long.parseLong(kill.trim());
                    handle.killNode(id, "killed by chorus:cfgtool");
                    System.out.println("Killing node " + Integer.toUnsignedString(id));
                }
            } catch (ChorusException e) {
                System.out.println("Could not " + (reenable ? "re-enable rings" : "kill node " + kill) + ": " + e.getMessage());
            }
        }
        return null;
    }
}
