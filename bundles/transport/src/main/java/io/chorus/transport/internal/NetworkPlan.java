package io.chorus.transport.internal;

import io.chorus.config.ChorusConfig;
import io.chorus.config.InterfaceSettings;
import io.chorus.config.NodeEntry;
import io.chorus.config.RrpMode;
import io.chorus.config.TotemSettings;
import io.chorus.config.Transport;
import io.chorus.transport.NodeIds;
import io.chorus.transport.TransportException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * This node's place on the network, resolved from the configuration: nodeid, transport, rrp mode and one
 * {@link RingPlan} per interface. Follows corosync-wire.md §1.0: with a nodelist the local node is the entry whose
 * ring0_addr is a local address (or the one named by the nodeid override); without one (the OpenAIS/Corosync 1.x
 * layout) the ring address is the local address in {@code bindnetaddr}'s network.
 */
public record NetworkPlan(Transport transport, RrpMode rrpMode, int nodeId, List<RingPlan> rings,
                          boolean blockUnlistedIps) {

    public static NetworkPlan resolve(ChorusConfig config, OptionalInt nodeIdOverride) throws TransportException {
        TotemSettings t = config.totem();
        Transport transport = t.transport();
        if (transport != Transport.UDP && transport != Transport.UDPU) {
            throw new TransportException("transport type " + transport.configName() + " is unsupported (udp or udpu)");
        }
        List<InterfaceSettings> interfaces = t.interfaces();
        if (interfaces.isEmpty()) {
            throw new TransportException("No interfaces defined");
        }
        RrpMode mode = t.rrpMode();
        int ringCount = mode == RrpMode.NONE ? 1 : interfaces.size();
        if (ringCount > 2) {
            throw new TransportException(ringCount + " is too many configured interfaces for the rrp_mode setting "
                    + mode.configName());
        }
        List<RingPlan> rings = new ArrayList<>();
        int nodeId;
        if (!config.nodelist().isEmpty()) {
            NodeEntry me = findLocalEntry(config.nodelist(), nodeIdOverride);
            if (nodeIdOverride.isPresent()) {
                nodeId = nodeIdOverride.getAsInt();
            } else if (t.nodeId().isPresent()) {
                nodeId = (int) t.nodeId().getAsLong();
            } else {
                nodeId = (int) me.nodeId();
            }
            for (int r = 0; r < ringCount; r++) {
                InterfaceSettings in = interfaces.get(r);
                int ring = in.ringNumber();
                if (me.ringAddrs().size() <= ring) {
                    throw new TransportException("node " + me.nodeId() + " of the nodelist has no ring" + ring + "_addr");
                }
                InetAddress local = address(me.ringAddrs().get(ring));
                Map<Integer, InetAddress> peers = new LinkedHashMap<>();
                for (NodeEntry e : config.nodelist()) {
                    if (e.ringAddrs().size() > ring) {
                        int id = e == me ? nodeId : (int) e.nodeId();
                        peers.put(id, address(e.ringAddrs().get(ring)));
                    }
                }
                rings.add(ring(transport, t, in, nodeId, local, peers, false));
            }
        } else {
            InetAddress ring0 = bindAddress(interfaces.get(0));
            if (nodeIdOverride.isPresent()) {
                nodeId = nodeIdOverride.getAsInt();
            } else if (t.nodeId().isPresent()) {
                nodeId = (int) t.nodeId().getAsLong();
            } else {
                nodeId = NodeIds.derive(ring0, t.clearNodeHighBit());
            }
            for (int r = 0; r < ringCount; r++) {
                InterfaceSettings in = interfaces.get(r);
                InetAddress local = r == 0 ? ring0 : bindAddress(in);
                Map<Integer, InetAddress> peers = new LinkedHashMap<>();
                peers.put(nodeId, local);
                if (transport == Transport.UDPU) {
                    if (in.members().isEmpty()) {
                        throw new TransportException("transport udpu needs a nodelist or member { memberaddr } entries");
                    }
                    for (InetAddress m : in.members()) {
                        if (!m.equals(local)) {
                            peers.put(NodeIds.derive(m, t.clearNodeHighBit()), m);
                        }
                    }
                }
                rings.add(ring(transport, t, in, nodeId, local, peers, transport == Transport.UDP));
            }
        }
        if (nodeId == 0) {
            throw new TransportException("nodeid 0 is reserved (it marks a LEAVE)");
        }
        return new NetworkPlan(transport, mode, nodeId, List.copyOf(rings), t.blockUnlistedIps());
    }

    private static RingPlan ring(Transport transport, TotemSettings t, InterfaceSettings in, int nodeId,
                                 InetAddress local, Map<Integer, InetAddress> peers, boolean learn) throws TransportException {
        InetAddress mcast = null;
        NetworkInterface nif = null;
        Set<InetAddress> allowed = null;
        if (transport == Transport.UDP) {
            mcast = in.mcastAddr() != null ? in.mcastAddr()
                    : NodeIds.mcastAddrFromClusterName(t.clusterName() == null ? "" : t.clusterName(), in.ringNumber(),
                            local instanceof Inet6Address);
            try {
                nif = NetworkInterface.getByInetAddress(local);
            } catch (SocketException e) {
                throw new TransportException("cannot find the interface of " + local.getHostAddress(), e);
            }
            if (nif == null) {
                throw new TransportException("no network interface has address " + local.getHostAddress()
                        + " (ring " + in.ringNumber() + "); multicast needs one");
            }
        } else if (t.blockUnlistedIps()) {
            allowed = Collections.unmodifiableSet(new HashSet<>(peers.values()));
        }
        return new RingPlan(in.ringNumber(), nodeId, local, in.mcastPort(), mcast, in.ttl(), nif,
                Collections.unmodifiableMap(peers), allowed, learn);
    }

    private static NodeEntry findLocalEntry(List<NodeEntry> nodes, OptionalInt override) throws TransportException {
        if (override.isPresent()) {
            for (NodeEntry e : nodes) {
                if ((int) e.nodeId() == override.getAsInt()) {
                    return e;
                }
            }
            throw new TransportException("nodeid " + Integer.toUnsignedString(override.getAsInt())
                    + " is not in the nodelist");
        }
        for (NodeEntry e : nodes) {
            if (e.ring0Addr() == null) {
                continue;
            }
            try {
                InetAddress a = InetAddress.getByName(e.ring0Addr());
                if (isLocal(a)) {
                    return e;
                }
            } catch (UnknownHostException ignored) {
                // a name that does not resolve cannot be this host
            }
        }
        throw new TransportException("No valid name found for local host (no ring0_addr of the nodelist is an address"
                + " of this host; give --nodeid to pick an entry)");
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static InetAddress address(String text) throws TransportException {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new TransportException("cannot resolve ring address " + text, e);
        }
    }

    /**
     * The local address in {@code bindnetaddr}'s network: {@code (addr & mask) == (bindnetaddr & mask)} with each
     * local address's own prefix; a host address that is local is used as it is.
     */
    static InetAddress bindAddress(InterfaceSettings in) throws TransportException {
        InetAddress bind = in.bindNetAddr();
        if (bind == null) {
            throw new TransportException("No bindnet specified (interface ringnumber " + in.ringNumber() + ")");
        }
        if (isLocal(bind)) {
            return bind;
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    if (a.getClass() == bind.getClass() && sameNetwork(a, bind, ia.getNetworkPrefixLength())) {
                        return a;
                    }
                }
            }
        } catch (SocketException e) {
            throw new TransportException("cannot list network interfaces", e);
        }
        throw new TransportException("no local address in the network of bindnetaddr " + bind.getHostAddress()
                + " (interface ringnumber " + in.ringNumber() + ")");
    }

    static boolean sameNetwork(InetAddress a, InetAddress network, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = network.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            int mask = bits == 0 ? 0 : (0xFF << (8 - bits)) & 0xFF;
            if ((x[i] & mask) != (y[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
