package io.chorus.config.internal;

import io.chorus.config.NodeEntry;
import io.chorus.config.ServiceStanza;
import io.chorus.config.UidGid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** quorum, event, amf, aisexec, system, compatibility, uidgid and service stanzas. */
final class OtherSectionsBuilder {

    private final BuildContext ctx;
    final ValueTable quorum = new ValueTable("quorum", "quorum");
    final ValueTable event = new ValueTable("event", "event");
    final ValueTable amf = new ValueTable("amf", "amf");
    final ValueTable aisexec = new ValueTable("aisexec", "aisexec");
    final ValueTable system = new ValueTable("system", "system");
    final ValueTable top = new ValueTable("", "");
    final List<UidGid> uidgids = new ArrayList<>();
    final List<ServiceStanza> services = new ArrayList<>();
    final List<io.chorus.config.EffectiveEntry> stanzaEntries = new ArrayList<>();

    OtherSectionsBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    void build(ConfigNode root, List<NodeEntry> nodelist) {
        simple(root, "quorum", quorum);
        simple(root, "event", event);
        simple(root, "amf", amf);
        simple(root, "aisexec", aisexec);
        simple(root, "system", system);
        ctx.fillDefaults(event, Set.of());
        ctx.fillDefaults(amf, Set.of());
        ctx.fillDefaults(aisexec, Set.of());
        ctx.fillDefaults(system, Set.of());
        ctx.fillDefaults(quorum, Set.of());
        if (event.getLong("delivery_queue_resume") >= event.getLong("delivery_queue_size")) {
            ConfigNode.KeyValue at = event.origin("delivery_queue_resume") != null ? event.origin("delivery_queue_resume")
                    : event.origin("delivery_queue_size");
            ctx.error(at, "delivery_queue_resume (" + event.getLong("delivery_queue_resume")
                    + ") must be less than delivery_queue_size (" + event.getLong("delivery_queue_size") + ")");
        }
        resolveQuorum(nodelist);
        for (ConfigNode.KeyValue kv : root.keyValues()) {
            if (kv.key().equals("compatibility")) {
                var r = io.chorus.config.KeyRegistry.lookup("compatibility").orElseThrow().parse(kv.value());
                if (r.ok()) {
                    top.explicit("compatibility", r.value(), kv);
                } else {
                    ctx.error(kv, r.error());
                }
            } else if (!(ctx.era == io.chorus.config.Era.AIS_NETWORK_CONF
                    && EraDetector.NETWORK_CONF_KEYS.contains(kv.key()))) {
                ctx.warning(kv, "unknown top-level key '" + kv.key() + "' ignored");
            }
        }
        uidgids(root);
        services(root);
    }

    private void simple(ConfigNode root, String name, ValueTable table) {
        for (ConfigNode s : root.sections(name)) {
            ctx.collect(s, name, table, Map.of(), Set.of(), Set.of());
        }
    }

    private void resolveQuorum(List<NodeEntry> nodelist) {
        if (!quorum.has("expected_votes") && !nodelist.isEmpty()) {
            long votes = nodelist.stream().mapToLong(NodeEntry::quorumVotes).sum();
            quorum.derived("expected_votes", votes, null);
        }
        if (!quorum.has("wait_for_all")) {
            // votequorum: two_node enables wait_for_all unless it is set explicitly.
            quorum.derived("wait_for_all", quorum.get("two_node"), quorum.origin("two_node"));
        }
        if ((Boolean) quorum.get("two_node") && !nodelist.isEmpty() && nodelist.size() != 2) {
            ctx.warning(quorum.origin("two_node"), "two_node is set but the nodelist has " + nodelist.size() + " nodes");
        }
    }

    private void uidgids(ConfigNode root) {
        int index = 0;
        for (ConfigNode s : root.sections("uidgid")) {
            String uid = null;
            String gid = null;
            for (ConfigNode.KeyValue kv : s.keyValues()) {
                switch (kv.key()) {
                    case "uid" -> uid = kv.value();
                    case "gid" -> gid = kv.value();
                    default -> {
                        ctx.error(kv, "uidgid: Only uid and gid are allowed items");
                        continue;
                    }
                }
                stanzaEntries.add(new io.chorus.config.EffectiveEntry("uidgid." + index + "." + kv.key(), kv.value(),
                        io.chorus.config.ValueSource.EXPLICIT, kv.file(), kv.line()));
            }
            for (ConfigNode sub : s.sections()) {
                ctx.error(sub.file(), sub.line(), "uidgid: Only uid and gid are allowed items");
            }
            if (uid == null && gid == null) {
                ctx.warning(s.file(), s.line(), "empty uidgid section");
            }
            uidgids.add(new UidGid(uid, gid, s.file(), s.line()));
            index++;
        }
    }

    private void services(ConfigNode root) {
        int index = 0;
        for (ConfigNode s : root.sections("service")) {
            String name = null;
            int ver = 0;
            Map<String, String> extra = new LinkedHashMap<>();
            boolean ok = true;
            for (ConfigNode.KeyValue kv : s.keyValues()) {
                if (kv.key().equals("name")) {
                    name = kv.value();
                } else if (kv.key().equals("ver")) {
                    var r = io.chorus.config.KeyRegistry.lookup("service.ver").orElseThrow().parse(kv.value());
                    if (!r.ok()) {
                        ctx.error(kv, r.error());
                        ok = false;
                        continue;
                    }
                    ver = ((Long) r.value()).intValue();
                } else {
                    extra.put(kv.key(), kv.value());
                }
                stanzaEntries.add(new io.chorus.config.EffectiveEntry("service." + index + "." + kv.key(), kv.value(),
                        io.chorus.config.ValueSource.EXPLICIT, kv.file(), kv.line()));
            }
            if (s.last("ver").isEmpty()) {
                stanzaEntries.add(new io.chorus.config.EffectiveEntry("service." + index + ".ver", "0",
                        io.chorus.config.ValueSource.DEFAULT, null, 0));
            }
            for (ConfigNode sub : s.sections()) {
                ctx.warning(sub.file(), sub.line(), "unknown section '" + sub.name() + "' in section service ignored");
            }
            if (name == null || name.isEmpty()) {
                ctx.error(s.file(), s.line(), "service section has no name");
                ok = false;
            }
            if (ok) {
                services.add(new ServiceStanza(name, ver, extra, s.file(), s.line()));
            }
            index++;
        }
    }
}
