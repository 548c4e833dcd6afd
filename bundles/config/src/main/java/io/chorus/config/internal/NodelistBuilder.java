package io.chorus.config.internal;

import io.chorus.config.Addresses;
import io.chorus.config.NodeEntry;
import io.chorus.config.SectionValues;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code nodelist { node { ringN_addr nodeid name quorum_votes } }} into {@link NodeEntry}s. */
final class NodelistBuilder {

    private final BuildContext ctx;
    final List<NodeEntry> nodes = new ArrayList<>();
    final List<SectionValues> values = new ArrayList<>();

    NodelistBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    void build(ConfigNode root, boolean clearNodeHighBit) {
        Map<Long, NodeEntry> byId = new HashMap<>();
        Map<String, NodeEntry> byAddr = new HashMap<>();
        int index = 0;
        for (ConfigNode list : root.sections("nodelist")) {
            for (ConfigNode.KeyValue kv : list.keyValues()) {
                ctx.warning(kv, "unknown key '" + kv.key() + "' in section nodelist ignored");
            }
            for (ConfigNode sub : list.sections()) {
                if (!sub.name().equals("node")) {
                    ctx.warning(sub.file(), sub.line(), "unknown section '" + sub.name() + "' in section nodelist ignored");
                }
            }
            for (ConfigNode node : list.sections("node")) {
                ValueTable t = new ValueTable("nodelist.node." + index++, "nodelist.node");
                ctx.collect(node, "nodelist.node", t, Map.of(), Set.of(), Set.of());
                ctx.fillDefaults(t, Set.of());
                List<String> rings = new ArrayList<>();
                for (int r = 0; r < 8; r++) {
                    String a = t.getString("ring" + r + "_addr");
                    if (a == null) {
                        break;
                    }
                    rings.add(a);
                }
                if (rings.isEmpty()) {
                    ctx.error(node.file(), node.line(), "nodelist node has no ring0_addr");
                    continue;
                }
                Optional<InetAddress> ring0 = Addresses.parseLiteral(rings.get(0));
                long id;
                boolean derived = false;
                if (t.has("nodeid")) {
                    id = t.getLong("nodeid");
                } else if (ring0.isPresent() && !Addresses.isIpv6(ring0.get())) {
                    id = Addresses.ipv4AsNodeId(ring0.get(), clearNodeHighBit);
                    derived = true;
                    t.derived("nodeid", id, t.origin("ring0_addr"));
                } else if (ring0.isPresent()) {
                    ctx.error(node.file(), node.line(), "An IPV6 network requires that a node ID be specified.");
                    continue;
                } else {
                    ctx.error(node.file(), node.line(), "nodeid is required when ring0_addr is a host name ("
                            + rings.get(0) + ")");
                    continue;
                }
                NodeEntry e = new NodeEntry(id, derived, t.getString("name"), rings, (int) t.getLong("quorum_votes"),
                        node.file(), node.line());
                NodeEntry dupId = byId.putIfAbsent(id, e);
                if (dupId != null) {
                    ctx.error(node.file(), node.line(), "nodeid " + id + " is already used by the node at line "
                            + dupId.line());
                }
                NodeEntry dupAddr = byAddr.putIfAbsent(rings.get(0), e);
                if (dupAddr != null) {
                    ctx.error(node.file(), node.line(), "ring0_addr " + rings.get(0)
                            + " is already used by the node at line " + dupAddr.line());
                }
                if (!nodes.isEmpty() && nodes.get(0).ringAddrs().size() != rings.size()) {
                    ctx.error(node.file(), node.line(), "node has " + rings.size() + " ring addresses but the first node has "
                            + nodes.get(0).ringAddrs().size());
                }
                nodes.add(e);
                values.add(t.freeze());
            }
        }
        if (!root.sections("nodelist").isEmpty() && nodes.isEmpty() && ctx.problems.stream().noneMatch(p -> p.isError())) {
            ConfigNode list = root.sections("nodelist").get(0);
            ctx.error(list.file(), list.line(), "nodelist has no node entries");
        }
    }
}
