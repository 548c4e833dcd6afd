package io.chorus.config.internal;

import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigException;
import io.chorus.config.ConfigProblem;
import io.chorus.config.KeyRegistry;
import io.chorus.config.KeySpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies dotted-key changes to a loaded configuration's tree and re-resolves it. */
public final class RuntimeChanges {

    private RuntimeChanges() { }

    public static ChorusConfig apply(ChorusConfig current, Object tree, Map<String, String> changes)
            throws ConfigException {
        ConfigNode root = ((ConfigNode) tree).copy();
        List<ConfigProblem> problems = new ArrayList<>();
        String file = origin(current);
        for (Map.Entry<String, String> c : changes.entrySet()) {
            if (c.getKey().startsWith("totem.") && c.getKey().indexOf('.', 6) < 0) {
                // OpenAIS 0.70 files keep timeouts in timeout { }, read after totem { }: change them there too.
                String key = c.getKey().substring(6);
                for (ConfigNode t : root.sections("timeout")) {
                    if (t.last(key).isPresent()) {
                        t.put(key, c.getValue());
                    }
                }
            }
            if (!put(root, c.getKey(), c.getValue())) {
                problems.add(ConfigProblem.error(file, 0, "no section for " + c.getKey()));
            }
        }
        if (problems.isEmpty()) {
            ChorusConfig next = ModelBuilder.build(root, current.source(), problems);
            if (next != null) {
                return next;
            }
        }
        throw new ConfigException(problems);
    }

    public static List<ConfigProblem> validate(ChorusConfig current, Map<String, String> changes) {
        List<ConfigProblem> problems = new ArrayList<>();
        String file = origin(current);
        for (Map.Entry<String, String> c : changes.entrySet()) {
            KeySpec spec = KeyRegistry.lookup(c.getKey()).orElse(null);
            if (spec == null) {
                problems.add(ConfigProblem.error(file, 0, "unknown key " + c.getKey()));
                continue;
            }
            KeySpec.Result r = spec.parse(c.getValue());
            if (!r.ok()) {
                problems.add(ConfigProblem.error(file, 0, c.getKey() + ": " + r.error()));
                continue;
            }
            if (!spec.liveChangeable()) {
                problems.add(ConfigProblem.error(file, 0, c.getKey() + " cannot change on a running node: "
                        + spec.restartReason()));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try {
            ChorusConfig next = current.withChanges(changes);
            return next.warnings().stream().filter(w -> !current.warnings().contains(w)).toList();
        } catch (ConfigException e) {
            return e.errors();
        }
    }

    private static String origin(ChorusConfig c) {
        return c.source() == null ? "<runtime>" : c.source().toString();
    }

    /** Sets {@code section[.index].sub[.index].key} in the tree, creating a missing top-level section. */
    static boolean put(ConfigNode root, String dotted, String value) {
        String[] parts = dotted.split("\\.");
        ConfigNode node = root;
        int i = 0;
        while (i < parts.length - 1) {
            String name = parts[i];
            int index = -1;
            if (i + 1 < parts.length - 1 && parts[i + 1].matches("\\d+")) {
                index = Integer.parseInt(parts[i + 1]);
            }
            List<ConfigNode> matches = node.sections(name);
            ConfigNode next;
            if (index >= 0) {
                if (index >= matches.size()) {
                    return false;
                }
                next = matches.get(index);
                i += 2;
            } else {
                if (matches.isEmpty()) {
                    if (node != root) {
                        return false;
                    }
                    next = new ConfigNode(name, "<runtime>", 0);
                    node.add(next);
                } else {
                    next = matches.get(matches.size() - 1);
                }
                i++;
            }
            node = next;
        }
        if (node == root && parts.length > 1) {
            return false;
        }
        node.put(parts[parts.length - 1], value);
        return true;
    }
}
