package io.chorus.transport;

import io.chorus.crypto.PacketProtection;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How to start a {@link TotemNode} beyond what corosync.conf says.
 *
 * @param nodeId                  a nodeid override (several nodes sharing one file, e.g. on 127.0.0.1/2/3); it also
 *                                picks this node's nodelist entry
 * @param stateDir                where {@code ringid_<nodeid>} lives; null = the configuration's {@code state_dir}
 * @param protection              packet sealing ({@link PacketProtection#none()} = Corosync-compatible plain udp/udpu)
 * @param acknowledgeTransitions  acknowledge every regular configuration change at once (no sync engine running);
 *                                the executive passes false and acknowledges when sync is done
 */
public record NodeOptions(OptionalInt nodeId, Path stateDir, PacketProtection protection, boolean acknowledgeTransitions) {

    public static NodeOptions defaults() {
        return new NodeOptions(OptionalInt.empty(), null, PacketProtection.none(), true);
    }

    public NodeOptions withNodeId(int id) {
        return new NodeOptions(OptionalInt.of(id), stateDir, protection, acknowledgeTransitions);
    }

    public NodeOptions withStateDir(Path dir) {
        return new NodeOptions(nodeId, dir, protection, acknowledgeTransitions);
    }

    public NodeOptions withProtection(PacketProtection p) {
        return new NodeOptions(nodeId, stateDir, p, acknowledgeTransitions);
    }

    public NodeOptions withAcknowledgeTransitions(boolean ack) {
        return new NodeOptions(nodeId, stateDir, protection, ack);
    }
}
