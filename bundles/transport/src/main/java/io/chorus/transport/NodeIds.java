package io.chorus.transport;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Corosync's nodeid and multicast-address rules for {@code udp}/{@code udpu} (corosync-wire.md §1.0).
 */
public final class NodeIds {
    private NodeIds() { }

    /**
     * The nodeid of a node with no explicit {@code nodeid}: its IPv4 ring-0 address read as a big-endian u32,
     * bit 31 cleared with {@code clear_node_high_bit: yes}. IPv6 has no derived nodeid.
     */
    public static int derive(InetAddress ring0, boolean clearNodeHighBit) throws TransportException {
        if (!(ring0 instanceof Inet4Address)) {
            throw new TransportException("An IPV6 network requires that a node ID be specified.");
        }
        byte[] b = ring0.getAddress();
        int id = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if (clearNodeHighBit) {
            id &= 0x7FFFFFFF;
        }
        if (id == 0) {
            throw new TransportException("nodeid 0 (derived from " + ring0.getHostAddress() + ") is reserved");
        }
        return id;
    }

    /**
     * The multicast group of a {@code udp} ring with no {@code mcastaddr}, from the cluster name, exactly as
     * totemconfig.c computes it: {@code 239.192.(h>>8).(h % 0xFF)} or {@code ff15::<hex h>}.
     */
    public static InetAddress mcastAddrFromClusterName(String clusterName, int linkNumber, boolean ipv6) {
        int h = 0;
        for (int i = 0; i < clusterName.length(); i++) {
            h = (h << 1) + clusterName.charAt(i);
        }
        h &= 0xFFFF;
        h += linkNumber;
        try {
            if (ipv6) {
                return InetAddress.getByName("ff15::" + Integer.toHexString(h));
            }
            return InetAddress.getByAddress(new byte[] {(byte) 239, (byte) 192, (byte) (h >> 8), (byte) (h % 0xFF)});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
