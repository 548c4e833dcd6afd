package io.chorus.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.chorus.config.CheckReport;
import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigLoader;
import io.chorus.config.Transport;
import io.chorus.transport.TransportException;
import java.net.InetAddress;
import java.util.OptionalInt;
import org.junit.Test;

public class NetworkPlanTest {

    static ChorusConfig config(String text) {
        CheckReport r = ConfigLoader.checkText(text, "test.conf");
        if (!r.valid()) {
            throw new AssertionError(r.problems().toString());
        }
        return r.config();
    }

    static final String UDPU = """
            totem {
                version: 2
                cluster_name: t
                transport: udpu
                interface {
                    linknumber: 0
                    mcastport: 5405
                }
            }
            nodelist {
                node {
                    ring0_addr: 127.0.0.1
                    nodeid: 1
                }
                node {
                    ring0_addr: 127.0.0.2
                    nodeid: 2
                }
                node {
                    ring0_addr: 127.0.0.3
                }
            }
            """;

    @Test
    public void udpuWithANodelist() throws Exception {
        NetworkPlan p = NetworkPlan.resolve(config(UDPU), OptionalInt.of(2));
        assertEquals(Transport.UDPU, p.transport());
        assertEquals(2, p.nodeId());
        RingPlan r = p.rings().get(0);
        assertEquals("the ring knows whose node it is", 2, r.nodeId());
        assertEquals(InetAddress.getByName("127.0.0.2"), r.local());
        assertEquals(5405, r.port());
        assertEquals(3, r.peers().size());
        assertEquals("a nodelist entry without nodeid gets the derived one", InetAddress.getByName("127.0.0.3"),
                r.peers().get(0x7F000003));
        assertTrue(r.allowed().contains(InetAddress.getByName("127.0.0.1")));
        assertFalse(r.allowed().contains(InetAddress.getByName("127.0.0.9")));
        assertNull(r.mcastAddr());
    }

    @Test
    public void withoutOverrideTheLocalEntryIsTheOneWithALocalAddress() throws Exception {
        NetworkPlan p = NetworkPlan.resolve(config(UDPU), OptionalInt.empty());
        assertEquals(1, p.nodeId());
    }

    @Test
    public void anOverrideThatIsNotListedIsRefused() {
        TransportException e = assertThrows(TransportException.class,
                () -> NetworkPlan.resolve(config(UDPU), OptionalInt.of(9)));
        assertTrue(e.getMessage(), e.getMessage().contains("not in the nodelist"));
    }

    @Test
    public void blockUnlistedIpsOffAcceptsEveryone() throws Exception {
        NetworkPlan p = NetworkPlan.resolve(config(UDPU.replace("transport: udpu",
                "transport: udpu\n    block_unlisted_ips: no")), OptionalInt.of(1));
        assertNull(p.rings().get(0).allowed());
    }

    @Test
    public void udpOnLoopbackDerivesTheGroupFromTheClusterName() throws Exception {
        NetworkPlan p = NetworkPlan.resolve(config(UDPU.replace("transport: udpu", "transport: udp")),
                OptionalInt.of(1));
        RingPlan r = p.rings().get(0);
        // "t" = 116 -> 239.192.0.116
        assertEquals(InetAddress.getByName("239.192.0.116"), r.mcastAddr());
        assertEquals("lo", r.nif().getName());
        assertNull("udp has no source filter", r.allowed());
    }

    @Test
    public void networkMatchUsesThePrefix() throws Exception {
        InetAddress a = InetAddress.getByName("10.231.0.4");
        assertTrue(NetworkPlan.sameNetwork(a, InetAddress.getByName("10.231.0.0"), 24));
        assertFalse(NetworkPlan.sameNetwork(a, InetAddress.getByName("10.231.1.0"), 24));
        assertTrue(NetworkPlan.sameNetwork(a, InetAddress.getByName("10.231.1.0"), 16));
        assertTrue(NetworkPlan.sameNetwork(a, InetAddress.getByName("10.231.0.7"), 29));
        assertFalse(NetworkPlan.sameNetwork(a, InetAddress.getByName("10.231.0.8"), 29));
    }
}
