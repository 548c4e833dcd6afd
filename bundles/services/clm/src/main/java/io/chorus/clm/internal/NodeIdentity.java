package io.chorus.clm.internal;

import io.chorus.api.clm.ClmNodeAddress;
import java.util.Map;

/**
 * This node's CLM address and name. Engines see no sockets, so: the {@code service { name: clm node_address:
 * ... node_name: ... }} keys when given; else, for an automatic node id (the ring-0 IPv4 address read
 * little-endian, services.md §1.7, every byte non-zero as a host address's are), that address; else
 * {@code node<id>} with an empty address.
 */
record NodeIdentity(ClmNodeAddress address, String name) {

    static NodeIdentity of(int nodeId, Map<String, String> stanza) {
        String address = stanza.get("node_address");
        if (address == null && looksLikeAutomaticId(nodeId)) {
            address = (nodeId & 0xff) + "." + (nodeId >>> 8 & 0xff) + "." + (nodeId >>> 16 & 0xff) + "."
                    + (nodeId >>> 24 & 0xff);
        }
        int family = address != null && address.contains(":") ? ClmNodeAddress.INET6 : ClmNodeAddress.INET;
        String name = stanza.getOrDefault("node_name", address != null ? address
                : "node" + Integer.toUnsignedString(nodeId));
        return new NodeIdentity(new ClmNodeAddress(family, address == null ? "" : address), name);
    }

    private static boolean looksLikeAutomaticId(int id) {
        return (id & 0xff) != 0 && (id >>> 24) != 0;
    }
}
