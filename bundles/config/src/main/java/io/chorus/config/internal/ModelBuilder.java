package io.chorus.config.internal;

import io.chorus.config.AisexecSettings;
import io.chorus.config.AmfSection;
import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigProblem;
import io.chorus.config.EffectiveEntry;
import io.chorus.config.Era;
import io.chorus.config.EventSettings;
import io.chorus.config.LoggerSubsys;
import io.chorus.config.LoggingSettings;
import io.chorus.config.QuorumSettings;
import io.chorus.config.SectionValues;
import io.chorus.config.SystemSettings;
import io.chorus.config.TotemSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed tree (main file plus include folders) into a {@link ChorusConfig}, appending every problem.
 * Returns null when there are errors: a node never starts on a half-valid file.
 */
public final class ModelBuilder {

    static final Set<String> KNOWN_SECTIONS = Set.of("totem", "network", "timeout", "logging", "event", "amf", "aisexec",
            "uidgid", "service", "quorum", "nodelist", "system", "resources");

    private ModelBuilder() { }

    /** Era-specific defaults; the registry holds the whitetank / Corosync 1.x ones. */
    static Map<String, String> eraDefaults(Era era) {
        Map<String, String> d = new HashMap<>();
        switch (era) {
            case COROSYNC_3 -> {
                d.put("totem.token", "3000");
                d.put("totem.transport", "udpu");
                d.put("totem.secauth", "off");
                d.put("logging.to_syslog", "no");
            }
            case OPENAIS_070, AIS_NETWORK_CONF -> {
                d.put("totem.join", "100");
                d.put("logging.debug", "on");
                d.put("logging.timestamp", "on");
            }
            default -> { }
        }
        return d;
    }

    public static ChorusConfig build(ConfigNode root, Path source, List<ConfigProblem> problems) {
        int errorsBefore = (int) problems.stream().filter(ConfigProblem::isError).count();
        Era era = EraDetector.detect(root);
        BuildContext ctx = new BuildContext(era, problems, eraDefaults(era));
        for (ConfigNode s : root.sections()) {
            if (!KNOWN_SECTIONS.contains(s.name())) {
                ctx.warning(s.file(), s.line(), "unknown section '" + s.name() + "' ignored");
            } else if (s.name().equals("resources")) {
                ctx.warning(s.file(), s.line(), "section 'resources' is not supported by Chorus; ignored");
            }
        }
        TotemBuilder totem = new TotemBuilder(ctx);
        totem.collect(root);
        ctx.fillDefaults(totem.table, Set.of("crypto_type", "crypto_accept", "link_mode", "ip_version",
                "config_version", "token_coefficient", "token", "join", "merge", "downcheck",
                "fail_recv_const", "seqno_unchanged_const", "miss_count_const", "window_size", "max_messages",
                "send_join", "heartbeat_failures_allowed", "max_network_delay", "rrp_problem_count_timeout",
                "rrp_problem_count_threshold", "rrp_autorecovery_check_timeout", "token_retransmits_before_loss_const"));
        NodelistBuilder nodelist = new NodelistBuilder(ctx);
        nodelist.build(root, (Boolean) totem.table.get("clear_node_high_bit"));
        totem.resolve(nodelist.nodes.size());
        InterfaceBuilder interfaces = new InterfaceBuilder(ctx);
        interfaces.build(root, totem, nodelist.nodes);
        totem.validate(Math.max(nodelist.nodes.size(), maxMembers(interfaces)));
        LoggingBuilder logging = new LoggingBuilder(ctx);
        logging.build(root);
        OtherSectionsBuilder others = new OtherSectionsBuilder(ctx);
        others.build(root, nodelist.nodes);

        problems.sort(java.util.Comparator.comparing(ConfigProblem::file).thenComparingInt(ConfigProblem::line));
        long errorsAfter = problems.stream().filter(ConfigProblem::isError).count();
        if (errorsAfter > errorsBefore) {
            return null;
        }
        SectionValues totemValues = totem.table.freeze();
        List<EffectiveEntry> entries = new ArrayList<>(totemValues.entries());
        for (int i = 0; i < interfaces.values.size(); i++) {
            entries.addAll(interfaces.values.get(i).entries());
            for (SectionValues m : interfaces.memberValues.get(i)) {
                entries.addAll(m.entries());
            }
        }
        SectionValues loggingValues = logging.table.freeze();
        entries.addAll(loggingValues.entries());
        for (LoggerSubsys s : logging.subsystems) {
            entries.addAll(s.values().entries());
        }
        for (SectionValues n : nodelist.values) {
            entries.addAll(n.entries());
        }
        SectionValues quorum = others.quorum.freeze();
        SectionValues event = others.event.freeze();
        SectionValues amf = others.amf.freeze();
        SectionValues aisexec = others.aisexec.freeze();
        SectionValues system = others.system.freeze();
        SectionValues top = others.top.freeze();
        entries.addAll(quorum.entries());
        entries.addAll(event.entries());
        entries.addAll(amf.entries());
        entries.addAll(aisexec.entries());
        entries.addAll(system.entries());
        entries.addAll(others.stanzaEntries);
        entries.addAll(top.entries());
        return new ChorusConfig(source, era,
                new TotemSettings(totemValues, interfaces.interfaces),
                new LoggingSettings(loggingValues, logging.subsystems),
                nodelist.nodes, others.services, new AisexecSettings(aisexec), others.uidgids,
                new QuorumSettings(quorum), new AmfSection(amf), new EventSettings(event), new SystemSettings(system),
                top.has("compatibility") ? top.string("compatibility") : null,
                entries, problems.stream().filter(p -> !p.isError()).toList(), root.copy());
    }

    private static int maxMembers(InterfaceBuilder interfaces) {
        int max = 0;
        for (var i : interfaces.interfaces) {
            max = Math.max(max, i.members().size());
        }
        return max;
    }
}
