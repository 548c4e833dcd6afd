package io.chorus.api.clm;

/**
 * {@code SaClmClusterNodeT}.
 *
 * @param nodeId            the totem node id
 * @param address           the node's ring-0 address (or what its {@code service { }} stanza says)
 * @param nodeName          the address text, as OpenAIS names nodes, unless the stanza sets {@code node_name}
 * @param member            whether the node is in the current membership
 * @param bootTimestamp     when the node's CLM started, ns since the epoch
 * @param initialViewNumber the view in which the node first joined
 */
public record ClmNode(int nodeId, ClmNodeAddress address, String nodeName, boolean member, long bootTimestamp,
        long initialViewNumber) {

    public ClmNode withMember(boolean isMember) {
        return new ClmNode(nodeId, address, nodeName, isMember, bootTimestamp, initialViewNumber);
    }
}
