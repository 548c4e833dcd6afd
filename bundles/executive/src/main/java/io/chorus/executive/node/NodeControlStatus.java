package io.chorus.executive.node;

import io.chorus.api.spi.NodeControl;
import io.chorus.api.spi.NodeControl.Ring;
import io.chorus.api.spi.NodeControl.Status;
import io.chorus.transport.NodeStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link io.chorus.transport.TotemNode}'s status as {@link NodeControl#status()} reports it (the api bundle cannot
 * see the transport's types): one mapping for the Karaf component and for a node run without Karaf, so that both
 * report the same.
 */
public final class NodeControlStatus {

    private NodeControlStatus() {
    }

    /** Totem's and the transport's counters in one map (a name both count keeps the transport's value). */
    public static Status of(NodeStatus s) {
        Map<String, Long> counters = new HashMap<>(s.totemCounters());
        counters.putAll(s.transportCounters());
        List<Ring> rings = s.rings().stream().map(r -> new Ring(r.ringNumber(), r.localAddress(), r.faulty())).toList();
        return new Status(s.nodeId(), s.transport(), String.valueOf(s.state()), s.ringId().rep(), s.ringId().seq(),
                s.members(), rings, counters);
    }
}
