package io.chorus.executive.node;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.chorus.api.spi.NodeControl.Ring;
import io.chorus.api.spi.NodeControl.Status;
import io.chorus.totem.RingId;
import io.chorus.totem.TotemState;
import io.chorus.transport.NodeStatus;
import io.chorus.transport.RingStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** What the console and CFG see of a Totem node, whether Karaf runs it or the plain-JVM launcher does. */
public class NodeControlStatusTest {

    @Test
    public void mapsEveryFieldAndJoinsTotemAndTransportCounters() {
        Map<String, Long> totem = new HashMap<>();
        totem.put("orf_token_rx", 5L);
        totem.put("shared", 1L);
        NodeStatus node = new NodeStatus(3, "udpu", TotemState.OPERATIONAL, new RingId(1, 0x2aL), new int[] {1, 3},
                List.of(new RingStatus(0, "10.0.0.3", false, 0), new RingStatus(1, "10.1.0.3", true, 2)), totem,
                Map.of("shared", 2L));

        Status s = NodeControlStatus.of(node);

        assertEquals(3, s.nodeId());
        assertEquals("udpu", s.transport());
        assertEquals("OPERATIONAL", s.state());
        assertEquals(1, s.ringRep());
        assertEquals(0x2aL, s.ringSeq());
        assertArrayEquals(new int[] {1, 3}, s.members());
        assertEquals(List.of(new Ring(0, "10.0.0.3", false), new Ring(1, "10.1.0.3", true)), s.rings());
        assertEquals("one map, the transport's value where both count a name",
                Map.of("orf_token_rx", 5L, "shared", 2L), s.counters());
    }
}
