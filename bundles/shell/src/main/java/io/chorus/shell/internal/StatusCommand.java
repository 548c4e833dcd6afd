package io.chorus.shell.internal;

import io.chorus.api.spi.NodeControl;
import io.chorus.executive.Executive;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code chorus:status}: nodeid, ring id, members, each ring's status, sync state, loaded engines and the key
 * counters. Both references are optional so the command (and every other chorus command) registers at once.
 */
@Command(scope = "chorus", name = "status", description = "Show this node's ring, members, sync state, engines and counters")
@Service
public class StatusCommand implements Action {

    @Reference(optional = true)
    NodeControl node;

    @Reference(optional = true)
    Executive executive;

    @Override
    public Object execute() {
        NodeControl.Status s = null;
        if (node != null) {
            try {
                s = node.status();
            } catch (IllegalStateException e) {
                System.out.println("Ring: " + e.getMessage());
            }
        }
        StatusText.ExecutiveFacts facts = executive == null ? null : new StatusText.ExecutiveFacts(
                executive.loadedEngines(), executive.syncInProgress(), executive.completedSyncs(),
                executive.completedResyncs(), executive.currentView());
        System.out.print(StatusText.status(s, facts));
        return null;
    }
}
