package io.chorus.transport.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Map;
import java.util.Set;

/**
 * Where one ring (link) lives on this host: resolved once at start from the configuration.
 *
 * @param ringNumber  the interface's ringnumber
 * @param nodeId      this node's nodeid (its own entry of {@code peers})
 * @param local       this node's address on the ring (sockets bind to it)
 * @param port        mcastport: tokens (and, with udpu, everything) arrive here
 * @param mcastAddr   the multicast group ({@code udp} only, else null)
 * @param ttl         IP_MULTICAST_TTL ({@code udp})
 * @param nif         the network interface holding {@code local} ({@code udp}: IP_MULTICAST_IF and the join)
 * @param peers       nodeid → address of every listed node, this node included
 * @param allowed     source addresses accepted with {@code block_unlisted_ips} (null: accept everything)
 * @param learnPeers  no nodelist ({@code udp} 1.x style): learn nodeid → address from received packets
 */
public record RingPlan(int ringNumber, int nodeId, InetAddress local, int port, InetAddress mcastAddr, int ttl, NetworkInterface nif,
                       Map<Integer, InetAddress> peers, Set<InetAddress> allowed, boolean learnPeers) {
}
