package io.chorus.config.internal;

import io.chorus.config.Addresses;
import io.chorus.config.Era;
import io.chorus.config.InterfaceSettings;
import io.chorus.config.NodeEntry;
import io.chorus.config.SectionValues;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rings: {@code interface { }} stanzas (whitetank/Corosync 1.x), the inline bindnetaddr/mcastaddr/mcastport
 * of OpenAIS 0.70 and AIS network.conf, or the nodelist's ring addresses (Corosync 3) with optional
 * per-link {@code interface { linknumber }} settings. Checks the QUICKSTART's promised errors.
 */
final class InterfaceBuilder {

    /** Ring count limits: Corosync 1.x INTERFACE_MAX is 2, Corosync 3 allows 8 links. */
    static final int WHITETANK_INTERFACE_MAX = 2;
    static final int COROSYNC3_INTERFACE_MAX = 8;

    private final BuildContext ctx;
    final List<InterfaceSettings> interfaces = new ArrayList<>();
    final List<SectionValues> values = new ArrayList<>();
    final List<List<SectionValues>> memberValues = new ArrayList<>();

    InterfaceBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    void build(ConfigNode root, TotemBuilder totem, List<NodeEntry> nodelist) {
        String transport = totem.table.getString("transport");
        boolean udpu = transport.equals("udpu");
        List<ConfigNode> stanzas = new ArrayList<>();
        for (ConfigNode t : totem.totemSections(root)) {
            stanzas.addAll(t.sections("interface"));
        }
        List<ValueTable> tables = new ArrayList<>();
        int index = 0;
        for (ConfigNode s : stanzas) {
            ValueTable t = new ValueTable("totem.interface." + index++, "totem.interface");
            ctx.collect(s, "totem.interface", t, Map.of(), Set.of(), Set.of("member"));
            tables.add(t);
        }
        ConfigNode inlineAt = null;
        if (stanzas.isEmpty()) {
            // OpenAIS 0.70 (totem/network) and AIS network.conf (top level) write ring 0's keys inline.
            ValueTable t = new ValueTable("totem.interface.0", "totem.interface");
            List<ConfigNode> holders = new ArrayList<>(totem.totemSections(root));
            if (ctx.era == Era.AIS_NETWORK_CONF) {
                holders.add(root);
            }
            boolean any = false;
            for (ConfigNode h : holders) {
                for (ConfigNode.KeyValue kv : h.keyValues()) {
                    if (TotemBuilder.INLINE_INTERFACE_KEYS.contains(kv.key())) {
                        var spec = io.chorus.config.KeyRegistry.lookup("totem.interface." + kv.key()).orElseThrow();
                        var r = spec.parse(kv.value());
                        if (r.ok()) {
                            t.explicit(kv.key(), r.value(), kv);
                        } else {
                            ctx.error(kv, r.error());
                        }
                        any = true;
                    }
                }
            }
            if (any || ctx.era == Era.OPENAIS_070 || ctx.era == Era.AIS_NETWORK_CONF) {
                tables.add(t);
                inlineAt = !totem.totemSections(root).isEmpty() ? totem.totemSections(root).get(0) : root;
            }
        }

        boolean hasNodelist = !nodelist.isEmpty();
        if (hasNodelist) {
            buildFromNodelist(tables, stanzas, transport, nodelist, totem);
            return;
        }
        if (tables.isEmpty()) {
            ConfigNode at = totem.first != null ? totem.first : root;
            ctx.error(at.file(), at.line(), "No interfaces defined");
            return;
        }
        java.util.Set<Long> ringsSeen = new java.util.HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            ValueTable t = tables.get(i);
            ConfigNode stanza = i < stanzas.size() ? stanzas.get(i) : inlineAt;
            String file = stanza.file();
            int line = stanza.line();
            // The QUICKSTART promise: all three values must be set or the executive exits.
            boolean broadcast = t.has("broadcast") && (Boolean) t.get("broadcast");
            if (!t.has("mcastaddr") && !udpu && !broadcast) {
                ctx.error(file, line, "No multicast address specified");
            }
            if (!t.has("mcastport")) {
                ctx.error(file, line, "No multicast port specified");
            }
            if (!t.has("bindnetaddr")) {
                ctx.error(file, line, "No bindnet specified");
            }
            List<InetAddress> members = new ArrayList<>();
            List<SectionValues> memberTables = new ArrayList<>();
            if (i < stanzas.size()) {
                int m = 0;
                for (ConfigNode member : stanza.sections("member")) {
                    ValueTable mt = new ValueTable(t.prefix() + ".member." + m++, "totem.interface.member");
                    for (ConfigNode.KeyValue kv : member.keyValues()) {
                        if (!kv.key().equals("memberaddr")) {
                            ctx.error(kv, "Only memberaddr is allowed in member section");
                            continue;
                        }
                        var r = io.chorus.config.KeyRegistry.lookup("totem.interface.member.memberaddr")
                                .orElseThrow().parse(kv.value());
                        if (!r.ok()) {
                            ctx.error(kv, r.error());
                            continue;
                        }
                        mt.explicit("memberaddr", r.value(), kv);
                        members.add((InetAddress) r.value());
                    }
                    memberTables.add(mt.freeze());
                }
            }
            if (udpu && members.isEmpty()) {
                ctx.error(file, line, "transport udpu needs member { memberaddr } entries in every interface, "
                        + "or a nodelist");
            }
            if (!udpu && !members.isEmpty()) {
                ctx.warning(file, line, "member entries are only used by transport udpu; ignored");
            }
            if (!t.has("ringnumber")) {
                t.defaultValue("ringnumber", 0L);
            }
            long ring = t.getLong("ringnumber");
            int max = ctx.era == Era.COROSYNC_3 ? COROSYNC3_INTERFACE_MAX : WHITETANK_INTERFACE_MAX;
            if (ring > max - 1) {
                ctx.error(at(t, "ringnumber", file, line), "interface ring number " + ring
                        + " is bigger than allowed maximum " + (max - 1));
            }
            if (!ringsSeen.add(ring)) {
                ctx.error(file, line, "interface ring number " + ring + " is defined twice");
            }
            checkAddresses(t, file, line, udpu, broadcast);
            if (!t.has("ttl")) {
                t.defaultValue("ttl", 1L);
            }
            if (!t.has("broadcast")) {
                t.defaultValue("broadcast", false);
            }
            if (t.has("mcastport") && t.has("bindnetaddr")) {
                addInterface(t, members, file, line);
            }
            values.add(t.freeze());
            memberValues.add(memberTables);
        }
        crossRingChecks(tables, totem);
        interfaces.sort(Comparator.comparingInt(InterfaceSettings::ringNumber));
    }

    private void addInterface(ValueTable t, List<InetAddress> members, String file, int line) {
        interfaces.add(new InterfaceSettings((int) t.getLong("ringnumber"), (InetAddress) t.get("bindnetaddr"),
                (InetAddress) t.get("mcastaddr"), (int) t.getLong("mcastport"), (int) t.getLong("ttl"),
                (Boolean) t.get("broadcast"), members, file, line));
    }

    private void checkAddresses(ValueTable t, String file, int line, boolean udpu, boolean broadcast) {
        InetAddress bind = (InetAddress) t.get("bindnetaddr");
        InetAddress mcast = (InetAddress) t.get("mcastaddr");
        if (mcast != null && !udpu) {
            if (broadcast) {
                ctx.error(at(t, "mcastaddr", file, line), "mcastaddr must not be set when broadcast is yes");
            } else if (!mcast.isMulticastAddress()) {
                ctx.error(at(t, "mcastaddr", file, line), "mcastaddr is not a correct multicast address.");
            }
            if (bind != null && !Addresses.sameFamily(bind, mcast)) {
                ctx.error(at(t, "mcastaddr", file, line), "Multicast address family does not match bind address family");
            }
        }
        if (t.isExplicit("ttl") && udpu) {
            ctx.error(at(t, "ttl", file, line), "Can only set ttl on multicast transport types");
        }
    }

    private void crossRingChecks(List<ValueTable> tables, TotemBuilder totem) {
        for (int i = 0; i < tables.size(); i++) {
            for (int j = i + 1; j < tables.size(); j++) {
                ValueTable a = tables.get(i);
                ValueTable b = tables.get(j);
                InetAddress ma = (InetAddress) a.get("mcastaddr");
                InetAddress mb = (InetAddress) b.get("mcastaddr");
                if (ma != null && ma.equals(mb) && a.has("mcastport") && b.has("mcastport")
                        && Math.abs(a.getLong("mcastport") - b.getLong("mcastport")) < 2) {
                    ConfigNode.KeyValue at = b.origin("mcastport");
                    ctx.error(at, "Interfaces multicast address/port pair must differ");
                }
                InetAddress ba = (InetAddress) a.get("bindnetaddr");
                InetAddress bb = (InetAddress) b.get("bindnetaddr");
                if (ba != null && bb != null && !Addresses.sameFamily(ba, bb)) {
                    ctx.error(b.origin("bindnetaddr"), "Not all bind address belong to the same IP family");
                }
            }
        }
        checkRrpCount(tables.size(), totem, WHITETANK_INTERFACE_MAX);
        boolean ipv6 = tables.stream().anyMatch(t -> t.get("bindnetaddr") instanceof InetAddress a && Addresses.isIpv6(a));
        if (ipv6 && !totem.table.has("nodeid")) {
            ValueTable t = tables.get(0);
            ctx.error(t.origin("bindnetaddr"), "An IPV6 network requires that a node ID be specified.");
        }
    }

    private void checkRrpCount(int count, TotemBuilder totem, int max) {
        String mode = totem.table.getString("rrp_mode");
        int allowed = mode.equals("none") ? 1 : (ctx.era == Era.COROSYNC_3 ? COROSYNC3_INTERFACE_MAX : max);
        if (count > allowed) {
            ConfigNode.KeyValue at = totem.table.origin("rrp_mode");
            String reason = count + " is too many configured interfaces for the rrp_mode setting " + mode + ".";
            if (at != null) {
                ctx.error(at, reason);
            } else {
                ctx.error(totem.first.file(), totem.first.line(), reason);
            }
        }
    }

    /** Corosync 3: one ring per ringN_addr column; interface stanzas only tune port, address and ttl per link. */
    private void buildFromNodelist(List<ValueTable> tables, List<ConfigNode> stanzas, String transport,
                                   List<NodeEntry> nodelist, TotemBuilder totem) {
        int rings = nodelist.get(0).ringAddrs().size();
        Map<Long, ValueTable> byLink = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            ValueTable t = tables.get(i);
            if (!t.has("ringnumber")) {
                t.defaultValue("ringnumber", 0L);
            }
            ConfigNode s = i < stanzas.size() ? stanzas.get(i) : null;
            if (byLink.put(t.getLong("ringnumber"), t) != null && s != null) {
                ctx.error(s.file(), s.line(), "interface ring number " + t.getLong("ringnumber") + " is defined twice");
            }
            if (t.getLong("ringnumber") >= rings && s != null) {
                ctx.warning(s.file(), s.line(), "interface for link " + t.getLong("ringnumber")
                        + " has no ring" + t.getLong("ringnumber") + "_addr in the nodelist; ignored");
            }
            if (t.isExplicit("bindnetaddr")) {
                ctx.warning(t.origin("bindnetaddr"), "bindnetaddr is ignored when a nodelist is present");
            }
            if (s != null && !s.sections("member").isEmpty()) {
                ctx.warning(s.file(), s.line(), "member entries are ignored when a nodelist is present");
            }
        }
        boolean udp = transport.equals("udp");
        for (int r = 0; r < rings; r++) {
            ValueTable t = byLink.getOrDefault((long) r, new ValueTable("totem.interface." + r, "totem.interface"));
            if (!t.has("ringnumber")) {
                t.defaultValue("ringnumber", (long) r);
            }
            if (!t.has("mcastport")) {
                t.defaultValue("mcastport", 5405L);
            }
            if (!t.has("ttl")) {
                t.defaultValue("ttl", 1L);
            }
            if (!t.has("broadcast")) {
                t.defaultValue("broadcast", false);
            }
            if (udp && !t.has("mcastaddr") && !(Boolean) t.get("broadcast")) {
                String name = totem.table.getString("cluster_name");
                t.derived("mcastaddr", mcastFromClusterName(name == null ? "" : name, r,
                        isIpv6Ring(nodelist, r)), totem.table.origin("cluster_name"));
            }
            String file = stanzas.isEmpty() ? nodelist.get(0).file() : stanzas.get(0).file();
            int line = stanzas.isEmpty() ? nodelist.get(0).line() : stanzas.get(0).line();
            checkAddresses(t, file, line, !udp, (Boolean) t.get("broadcast"));
            interfaces.add(new InterfaceSettings(r, null, (InetAddress) t.get("mcastaddr"), (int) t.getLong("mcastport"),
                    (int) t.getLong("ttl"), (Boolean) t.get("broadcast"), List.of(), file, line));
            values.add(t.freeze());
            memberValues.add(List.of());
        }
        if (rings > 1 && !transport.equals("knet")) {
            // Corosync 3's udp/udpu carry only link 0; Chorus keeps the Corosync 1.x redundant rings instead.
            checkRrpCount(rings, totem, WHITETANK_INTERFACE_MAX);
        }
    }

    private static boolean isIpv6Ring(List<NodeEntry> nodes, int ring) {
        return Addresses.parseLiteral(nodes.get(0).ringAddrs().get(ring)).map(Addresses::isIpv6).orElse(false);
    }

    /**
     * Corosync 3's udp multicast address when none is given: a 16-bit hash of cluster_name plus the link number,
     * as 239.192.(h>>8).(h%255) or ff15::h (corosync-wire.md section 1.0; the modulo 255 is theirs).
     */
    static InetAddress mcastFromClusterName(String clusterName, int link, boolean ipv6) {
        int h = 0;
        for (char c : clusterName.toCharArray()) {
            h = (h << 1) + c;
            h &= 0xFFFF;
        }
        h += link;
        String text = ipv6 ? "ff15::" + Integer.toHexString(h) : "239.192." + (h >> 8) + "." + (h % 0xFF);
        return Addresses.parseLiteral(text).orElseThrow();
    }

    private static ConfigNode.KeyValue at(ValueTable t, String key, String file, int line) {
        ConfigNode.KeyValue kv = t.origin(key);
        return kv != null ? kv : new ConfigNode.KeyValue(key, "", file, line);
    }
}
