package io.chorus.config.internal.cm;

import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigChangeEvent;
import io.chorus.config.ConfigChangeEvent.Outcome;
import io.chorus.config.ConfigException;
import io.chorus.config.ConfigProblem;
import io.chorus.config.EffectiveEntry;
import io.chorus.config.KeyRegistry;
import io.chorus.config.KeySpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides what an edit of one section's configuration does to the running configuration: each changed
 * key is applied live when {@link KeyRegistry} says it may change on a running node and the whole
 * configuration stays valid; otherwise it is refused with the reason. Pure: no OSGi, no I/O.
 */
final class ChangeProcessor {

    /**
     * @param next       the configuration in force afterwards (the same object when nothing was applied)
     * @param events     one event per requested key, then one per derived value that followed
     * @param properties what the edited configuration must hold afterwards: the request with refused keys
     *                   put back as they were
     * @param refused    whether any key was refused (the configuration must be rewritten)
     * @param warnings   warnings the new configuration raised (applied anyway)
     * @param kept       properties the edit left out (a partial .cfg file, a deleted key): they keep their
     *                   value, since keys are removed by editing corosync.conf and restarting
     */
    record Result(ChorusConfig next, List<ConfigChangeEvent> events, Map<String, String> properties, boolean refused,
                  List<ConfigProblem> warnings, List<String> kept) { }

    private ChangeProcessor() { }

    /**
     * @param current the running configuration
     * @param section the edited section ({@code ""} for top-level keys)
     * @param before  the section's properties before the edit (as last accepted)
     * @param after   the section's properties now in Config Admin
     */
    static Result process(ChorusConfig current, String section, Map<String, String> before, Map<String, String> after) {
        List<ConfigChangeEvent> events = new ArrayList<>();
        Map<String, String> properties = new TreeMap<>(before);
        Map<String, String> live = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        boolean refused = false;

        TreeSet<String> touched = new TreeSet<>(before.keySet());
        touched.addAll(after.keySet());
        for (String property : touched) {
            String oldValue = before.get(property);
            String newValue = after.get(property);
            if (Objects.equals(oldValue, newValue)) {
                continue;
            }
            String key = PidMapping.keyOf(section, property);
            if (newValue == null) {
                kept.add(property);
                refused = true;
                continue;
            }
            String effectiveOld = current.entry(key).map(EffectiveEntry::value).orElse(oldValue);
            String reason = refusal(key, newValue);
            if (reason != null) {
                events.add(new ConfigChangeEvent(section, property, effectiveOld, newValue, Outcome.REFUSED, reason));
                refused = true;
            } else {
                live.put(key, newValue);
            }
        }
        if (live.isEmpty()) {
            return new Result(current, events, properties, refused, List.of(), kept);
        }

        List<ConfigProblem> problems = KeyRegistry.validateChanges(current, live);
        List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
        ChorusConfig next = null;
        if (errors.isEmpty()) {
            try {
                next = current.withChanges(live);
            } catch (ConfigException e) {
                errors = e.errors();
            }
        }
        if (next == null) {
            String reason = "the configuration would not be valid: " + errors.stream().map(ChangeProcessor::describe)
                    .collect(Collectors.joining("; "));
            for (Map.Entry<String, String> c : live.entrySet()) {
                String old = current.entry(c.getKey()).map(EffectiveEntry::value).orElse(null);
                events.add(new ConfigChangeEvent(section, PidMapping.propertyOf(c.getKey(), section), old, c.getValue(),
                        Outcome.REFUSED, reason));
            }
            return new Result(current, events, properties, true, List.of(), kept);
        }

        for (Map.Entry<String, String> c : live.entrySet()) {
            String old = current.entry(c.getKey()).map(EffectiveEntry::value).orElse(null);
            String now = next.entry(c.getKey()).map(EffectiveEntry::value).orElse(c.getValue());
            events.add(new ConfigChangeEvent(section, PidMapping.propertyOf(c.getKey(), section), old, now,
                    Outcome.APPLIED, "set"));
            properties.put(PidMapping.propertyOf(c.getKey(), section), c.getValue());
        }
        // Values that followed (consensus after token, ...): every other effective entry that changed.
        Map<String, String> was = new LinkedHashMap<>();
        for (EffectiveEntry e : current.effectiveEntries()) {
            was.put(e.key(), e.value());
        }
        String cause = String.join(", ", live.keySet());
        for (EffectiveEntry e : next.effectiveEntries()) {
            if (live.containsKey(e.key()) || Objects.equals(was.get(e.key()), e.value())) {
                continue;
            }
            int dot = e.key().indexOf('.');
            String sec = dot < 0 ? "" : e.key().substring(0, dot);
            String prop = dot < 0 ? e.key() : e.key().substring(dot + 1);
            events.add(new ConfigChangeEvent(sec, prop, was.get(e.key()), e.value(), Outcome.APPLIED,
                    "derived from " + cause));
        }
        List<ConfigProblem> warnings = problems.stream().filter(p -> !p.isError()).toList();
        return new Result(next, events, properties, refused, warnings, kept);
    }

    /** Why a key may not change on a running node, or null when it may (range and cross-checks come later). */
    static String refusal(String key, String newValue) {
        KeySpec spec = KeyRegistry.lookup(key).orElse(null);
        if (spec == null) {
            return "unknown key " + key;
        }
        KeySpec.Result parsed = spec.parse(newValue);
        if (!parsed.ok()) {
            return parsed.error();
        }
        if (!spec.liveChangeable()) {
            return "restart needed: " + key + " cannot change on a running node: " + spec.restartReason();
        }
        return null;
    }

    private static String describe(ConfigProblem p) {
        return p.reason();
    }
}
