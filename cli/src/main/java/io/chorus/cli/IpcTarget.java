package io.chorus.cli;

import io.chorus.api.ChorusException;
import io.chorus.ipc.client.IpcEngineConnection;
import java.nio.file.Path;
import java.util.List;

/**
 * Which socket the client subcommands talk to, chosen as {@code chorus cfgtool} does: {@code --node I}, else
 * {@code -Dchorus.ipc.socket}, else {@code $CHORUS_IPC_SOCKET}, else {@code ${chorus.home}/data/run/chorus.sock}
 * (where the distribution's node listens: karaf.data/run) when it exists, else {@code /run/chorus/chorus.sock}.
 */
final class IpcTarget {

    private IpcTarget() {
    }

    /** The socket as chorus cfgtool picks it ({@code --node I} for node I of the local cluster). */
    static Path socket(CliContext ctx, String node) {
        return CfgtoolCommand.socket(ctx, node);
    }

    /** Removes {@code --node I} from {@code args} and returns I, or null. */
    static String takeNode(List<String> args) {
        int i = args.indexOf("--node");
        if (i < 0 || i + 1 >= args.size()) {
            return null;
        }
        String node = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return node;
    }

    static IpcEngineConnection connect(CliContext ctx, String node, String engine) throws ChorusException {
        return IpcEngineConnection.connect(socket(ctx, node), engine);
    }

    /** Corosync's way of naming an error: {@code CS_ERR_NOT_EXIST}. */
    static String csError(ChorusException e) {
        return "CS_ERR_" + e.error().name();
    }
}
