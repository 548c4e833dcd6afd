package io.chorus.config.internal;

import io.chorus.config.ConfigProblem;
import io.chorus.config.Era;
import io.chorus.config.KeyRegistry;
import io.chorus.config.KeySpec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every section builder shares: the era, the problem list and the key-by-key parsing rules. */
final class BuildContext {

    final Era era;
    final List<ConfigProblem> problems;
    /** Era-specific defaults that replace the registry's, by canonical path. */
    final Map<String, String> eraDefaults;

    BuildContext(Era era, List<ConfigProblem> problems, Map<String, String> eraDefaults) {
        this.era = era;
        this.problems = problems;
        this.eraDefaults = eraDefaults;
    }

    void error(String file, int line, String reason) {
        problems.add(ConfigProblem.error(file, line, reason));
    }

    void warning(String file, int line, String reason) {
        problems.add(ConfigProblem.warning(file, line, reason));
    }

    void error(ConfigNode.KeyValue kv, String reason) {
        error(kv.file(), kv.line(), reason);
    }

    void warning(ConfigNode.KeyValue kv, String reason) {
        warning(kv.file(), kv.line(), reason);
    }

    /**
     * Parses every key of {@code node} against the registry section {@code specSection} into {@code table}.
     * Keys in {@code skip} are left for the caller; sub-sections not in {@code subsections} are warned about.
     * Keys whose canonical path lands in another section (e.g. {@code timeout.token} lands in {@code totem})
     * go to that section's table, found in {@code tables}.
     */
    void collect(ConfigNode node, String specSection, ValueTable table, Map<String, ValueTable> tables,
                 Set<String> skip, Set<String> subsections) {
        for (ConfigNode.KeyValue kv : node.keyValues()) {
            if (skip.contains(kv.key())) {
                continue;
            }
            String canonical = KeyRegistry.canonical(specSection + "." + kv.key());
            KeySpec spec = KeyRegistry.lookup(canonical).orElse(null);
            String targetSection = canonical.contains(".") ? canonical.substring(0, canonical.lastIndexOf('.')) : "";
            if (spec == null || !(targetSection.equals(specSection) || tables.containsKey(targetSection))) {
                warning(kv, "unknown key '" + kv.key() + "' in section " + node.name() + " ignored");
                continue;
            }
            ValueTable target = targetSection.equals(specSection) ? table : tables.get(targetSection);
            KeySpec.Result r = spec.parse(kv.value());
            if (!r.ok()) {
                error(kv, r.error());
                continue;
            }
            target.explicit(spec.name(), r.value(), kv);
        }
        for (ConfigNode sub : node.sections()) {
            if (!subsections.contains(sub.name())) {
                warning(sub.file(), sub.line(), "unknown section '" + sub.name() + "' in section " + node.name()
                        + " ignored");
            }
        }
    }

    /** Fills every key of the section that has a default (era-adjusted) and no value yet. */
    void fillDefaults(ValueTable table, Set<String> onlyWhenExplicit) {
        for (KeySpec spec : KeyRegistry.section(table.specSection())) {
            if (table.has(spec.name()) || onlyWhenExplicit.contains(spec.name())) {
                continue;
            }
            String def = eraDefaults.getOrDefault(spec.path(), spec.defaultValue());
            if (def == null) {
                continue;
            }
            KeySpec.Result r = spec.parse(def);
            if (r.ok()) {
                table.defaultValue(spec.name(), r.value());
            }
        }
    }
}
