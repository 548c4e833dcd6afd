package io.chorus.transport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.net.InetAddress;
import org.junit.Test;

public class NodeIdsTest {

    @Test
    public void derivesTheBigEndianIpv4Address() throws Exception {
        assertEquals(0x0AE70004, NodeIds.derive(InetAddress.getByName("10.231.0.4"), false));
        assertEquals(0xC0A80101, NodeIds.derive(InetAddress.getByName("192.168.1.1"), false));
    }

    @Test
    public void clearNodeHighBitMasksBit31() throws Exception {
        assertEquals(0x40A80101, NodeIds.derive(InetAddress.getByName("192.168.1.1"), true));
        assertEquals(0x0AE70004, NodeIds.derive(InetAddress.getByName("10.231.0.4"), true));
    }

    @Test
    public void ipv6NeedsAnExplicitNodeid() {
        TransportException e = assertThrows(TransportException.class,
                () -> NodeIds.derive(InetAddress.getByName("fd00::1"), false));
        assertEquals("An IPV6 network requires that a node ID be specified.", e.getMessage());
    }

    @Test
    public void mcastAddrFromClusterNameFollowsTotemconfig() throws Exception {
        // "a": h = 97 -> 239.192.0.97; link 1 adds one.
        assertEquals(InetAddress.getByName("239.192.0.97"), NodeIds.mcastAddrFromClusterName("a", 0, false));
        assertEquals(InetAddress.getByName("239.192.0.98"), NodeIds.mcastAddrFromClusterName("a", 1, false));
        // "ab": h = (97 << 1) + 98 = 292 = 0x124 -> 239.192.1.(292 % 255 = 37)
        assertEquals(InetAddress.getByName("239.192.1.37"), NodeIds.mcastAddrFromClusterName("ab", 0, false));
        // h is masked to 16 bits before the link number is added: a long name stays in range
        InetAddress long1 = NodeIds.mcastAddrFromClusterName("a-rather-long-cluster-name-indeed", 0, false);
        assertEquals(239, long1.getAddress()[0] & 0xFF);
        assertEquals(192, long1.getAddress()[1] & 0xFF);
        assertEquals(InetAddress.getByName("ff15::124"), NodeIds.mcastAddrFromClusterName("ab", 0, true));
    }
}
