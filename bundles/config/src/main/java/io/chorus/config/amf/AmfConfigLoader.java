package io.chorus.config.amf;

import io.chorus.config.ConfigException;
import io.chorus.config.ConfigLoader;
import io.chorus.config.ConfigProblem;
import io.chorus.config.internal.ConfigNode;
import io.chorus.config.internal.ConfigParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads amf.conf (grammar A or B, detected from the first section) into an {@link AmfConfig}. */
public final class AmfConfigLoader {

    /** Grammar A section names and the B kinds they stand for. */
    private static final Map<String, String> A_KINDS = Map.of("group", "safSg", "unit", "safSu",
            "component", "safComp", "protection", "safCsi", "healthcheck", "safHealthcheckKey");
    /** Sections whose body is a list of bare values, one per line. */
    private static final Set<String> LIST_SECTIONS = Set.of("saAmfCompCsTypes", "safCSIAttr", "saAmfCompCmdEnv",
            "saAmfCsiDependencies");
    private static final Set<String> A_MODELS = Set.of("2n", "nplusm", "noredundancy");
    private static final Set<String> CAPABILITIES = Set.of("x_active_and_y_standby", "x_active_or_y_standby",
            "1_active_or_y_standby", "1_active_or_1_standby", "x_active", "1_active", "no_active");

    /** Required attributes of grammar B, per kind, with the historic reason text. */
    private static final Map<String, Map<String, String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("safAmfCluster", Map.of("saAmfClusterStartupTimeout", "saAmfClusterStartupTimeout missing"));
        REQUIRED.put("safAmfNode", Map.of("saAmfNodeClmNode", "saAmfNodeClmNode missing",
                "saAmfNodeSuFailOverProb", "saAmfNodeSuFailOverProb missing",
                "saAmfNodeSuFailoverMax", "saAmfNodeSuFailoverMax missing"));
        REQUIRED.put("safSg", Map.of("saAmfSGRedundancyModel", "saAmfSGRedundancyModel missing",
                "saAmfSGCompRestartProb", "saAmfSGCompRestartProb missing",
                "saAmfSGCompRestartMax", "saAmfSGCompRestartMax missing",
                "saAmfSGSuRestartProb", "saAmfSGSuRestartProb missing",
                "saAmfSGSuRestartMax", "saAmfSGSuRestartMax missing"));
        REQUIRED.put("safSu", Map.of("saAmfSUHostedByNode", "saAmfSUHostedByNode missing",
                "saAmfSUNumComponents", "saAmfSUNumComponents missing"));
        REQUIRED.put("safComp", Map.of("saAmfCompCategory", "category missing",
                "saAmfCompCapability", "saAmfCompCapability missing",
                "saAmfCompNumMaxActiveCsi", "saAmfCompNumMaxActiveCsi missing",
                "saAmfCompNumMaxStandbyCsi", "saAmfCompNumMaxStandbyCsi missing",
                "saAmfCompDefaultClcCliTimeout", "saAmfCompDefaultClcCliTimeout missing or erroneous",
                "saAmfCompDefaultCallbackTimeOut", "saAmfCompDefaultCallbackTimeOut missing or erroneous",
                "saAmfCompRecoveryOnError", "saAmfCompRecoveryOnError missing"));
        REQUIRED.put("safSi", Map.of("saAmfSINumCSIs", "saAmfSINumCSIs missing"));
        REQUIRED.put("safCsi", Map.of("saAmfCSTypeName", "saAmfCSTypeName missing"));
    }

    private AmfConfigLoader() { }

    /** Parses and validates; problems carry file and line ({@code parse error at FILE: LINE: reason} historically). */
    public static AmfConfig load(Path file) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        String text = ConfigLoader.read(file, problems);
        AmfConfig c = text == null ? null : parse(text, file.toString(), problems);
        if (c == null || problems.stream().anyMatch(ConfigProblem::isError)) {
            throw new ConfigException(problems);
        }
        return c;
    }

    /** Parses text; appends problems; returns null on errors. */
    public static AmfConfig parse(String text, String file, List<ConfigProblem> problems) {
        ConfigNode root = new ConfigNode("", file, 0);
        int before = problems.size();
        new ConfigParser('=', true).parse(text, file, root, problems);
        if (problems.size() > before && problems.stream().anyMatch(ConfigProblem::isError)) {
            return null;
        }
        List<ConfigNode> top = root.sections();
        boolean b = !top.isEmpty() && kind(top.get(0).name()).equals("safAmfCluster");
        for (ConfigNode.KeyValue kv : root.keyValues()) {
            problems.add(ConfigProblem.error(file, kv.line(), "attribute outside of any section"));
        }
        for (ConfigNode.BareLine l : root.bareLines()) {
            problems.add(ConfigProblem.error(file, l.line(), "Line is not opening or closing section or key value"));
        }
        AmfEntity cluster;
        if (b) {
            if (top.size() > 1) {
                problems.add(ConfigProblem.error(file, top.get(1).line(), "only one safAmfCluster is allowed"));
            }
            cluster = entity(top.get(0), problems, true);
        } else {
            List<AmfEntity> groups = new ArrayList<>();
            for (ConfigNode g : top) {
                groups.add(entity(g, problems, false));
            }
            cluster = new AmfEntity("safAmfCluster", "default", Map.of(), Map.of(),
                    List.of(new AmfEntity("safApp", "default", Map.of(), Map.of(), groups, file, 0)), file, 0);
        }
        if (problems.stream().anyMatch(ConfigProblem::isError)) {
            return null;
        }
        return new AmfConfig(b ? AmfConfig.Grammar.B_SAF_B02 : AmfConfig.Grammar.A_GROUPS_CONF, cluster);
    }

    private static String kind(String sectionName) {
        int eq = sectionName.indexOf('=');
        return (eq < 0 ? sectionName : sectionName.substring(0, eq)).trim();
    }

    private static AmfEntity entity(ConfigNode n, List<ConfigProblem> problems, boolean b) {
        String kind = kind(n.name());
        int eq = n.name().indexOf('=');
        String name = eq < 0 ? null : n.name().substring(eq + 1).trim();
        Map<String, String> attrs = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (ConfigNode.KeyValue kv : n.keyValues()) {
            if (!b && kv.key().equals("member")) {
                lists.computeIfAbsent("member", k -> new ArrayList<>()).add(kv.value());
            } else {
                attrs.put(kv.key(), kv.value());
            }
        }
        if (!b) {
            if (!A_KINDS.containsKey(kind)) {
                problems.add(ConfigProblem.error(n.file(), n.line(), "unknown section '" + kind + "'"));
            } else {
                name = attrs.get("name");
                if (name == null && !kind.equals("healthcheck")) {
                    problems.add(ConfigProblem.error(n.file(), n.line(), "name missing"));
                }
                String model = attrs.get("model");
                if (kind.equals("group") && model != null && !A_MODELS.contains(model)) {
                    problems.add(ConfigProblem.error(n.file(), n.line(), model.startsWith("nway")
                            ? model + " redundancy model not supported" : "unknown model '" + model + "'"));
                }
                if (kind.equals("component") && model != null && !CAPABILITIES.contains(model)) {
                    problems.add(ConfigProblem.error(n.file(), n.line(), "unknown model '" + model + "'"));
                }
                kind = A_KINDS.get(kind);
            }
        }
        List<AmfEntity> children = new ArrayList<>();
        for (ConfigNode sub : n.sections()) {
            String subKind = kind(sub.name());
            if (b && LIST_SECTIONS.contains(subKind)) {
                List<String> values = new ArrayList<>();
                sub.bareLines().forEach(l -> values.add(l.text()));
                sub.keyValues().forEach(kv -> values.add(kv.key() + "=" + kv.value()));
                int e = sub.name().indexOf('=');
                String listName = e < 0 ? subKind : subKind + "=" + sub.name().substring(e + 1).trim();
                lists.put(listName, values);
                continue;
            }
            children.add(entity(sub, problems, b));
        }
        for (ConfigNode.BareLine l : n.bareLines()) {
            problems.add(ConfigProblem.error(l.file(), l.line(), "Line is not opening or closing section or key value"));
        }
        if (b) {
            Map<String, String> required = REQUIRED.getOrDefault(kind, Map.of());
            required.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(r -> {
                String v = attrs.get(r.getKey());
                if (v == null || v.isEmpty()) {
                    problems.add(ConfigProblem.error(n.file(), n.line(), r.getValue()));
                }
            });
            String model = attrs.get("saAmfSGRedundancyModel");
            if (model != null && model.startsWith("nway")) {
                problems.add(ConfigProblem.error(n.file(), n.line(), "nway redundancy model not supported"));
            }
            if (kind.equals("safApp")) {
                long sgs = children.stream().filter(c -> c.kind().equals("safSg")).count();
                for (AmfEntity si : children) {
                    if (si.kind().equals("safSi") && sgs > 1 && si.attribute("saAmfSIProtectedbySG") == null) {
                        problems.add(ConfigProblem.error(si.file(), si.line(),
                                "saAmfSIProtectedbySG not set in SI, needed when several SGs are specified."));
                    }
                }
            }
        }
        return new AmfEntity(kind, name, attrs, lists, children, n.file(), n.line());
    }
}
