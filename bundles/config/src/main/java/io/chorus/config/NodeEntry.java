package io.chorus.config;

import java.util.List;

/**
 * A {@code nodelist { node { } }} entry.
 *
 * @param nodeId      explicit or derived (IPv4 ring0_addr as a big-endian number) node id
 * @param nodeIdDerived true when nodeId was derived rather than written
 * @param name        node name, may be null
 * @param ringAddrs   ring0_addr, ring1_addr, ... in ring order (text as written: IP literal or host name)
 * @param quorumVotes votes of this node
 * @param file        file of the stanza
 * @param line        line of the stanza
 */
public record NodeEntry(long nodeId, boolean nodeIdDerived, String name, List<String> ringAddrs, int quorumVotes,
                        String file, int line) {
    public NodeEntry {
        ringAddrs = List.copyOf(ringAddrs);
    }

    public String ring0Addr() {
        return ringAddrs.isEmpty() ? null : ringAddrs.get(0);
    }
}
