package io.chorus.config.internal;

import io.chorus.config.Addresses;
import io.chorus.config.EffectiveEntry;
import io.chorus.config.KeyRegistry;
import io.chorus.config.KeySpec;
import io.chorus.config.SectionValues;
import io.chorus.config.ValueSource;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the typed values of one section instance with where each came from; frozen into {@link SectionValues}. */
final class ValueTable {

    private static final Map<String, Integer> ORDER = new HashMap<>();

    static {
        int i = 0;
        for (KeySpec s : KeyRegistry.all()) {
            ORDER.put(s.path(), i++);
        }
    }

    private final String prefix;
    /** Registry section the keys belong to, e.g. {@code totem.interface} for prefix {@code totem.interface.1}. */
    private final String specSection;
    private final Map<String, Object> typed = new LinkedHashMap<>();
    private final Map<String, EffectiveEntry> entries = new LinkedHashMap<>();
    private final Map<String, ConfigNode.KeyValue> origins = new HashMap<>();

    ValueTable(String prefix, String specSection) {
        this.prefix = prefix;
        this.specSection = specSection;
    }

    String prefix() {
        return prefix;
    }

    String specSection() {
        return specSection;
    }

    void explicit(String key, Object value, ConfigNode.KeyValue kv) {
        typed.put(key, value);
        origins.put(key, kv);
        entries.put(key, new EffectiveEntry(fullKey(key), text(value, kv.value()), ValueSource.EXPLICIT,
                kv.file(), kv.line()));
    }

    void defaultValue(String key, Object value) {
        typed.put(key, value);
        origins.remove(key);
        entries.put(key, new EffectiveEntry(fullKey(key), text(value, null), ValueSource.DEFAULT, null, 0));
    }

    /** A computed value; {@code from} (may be null) is the line whose value it was computed from. */
    void derived(String key, Object value, ConfigNode.KeyValue from) {
        typed.put(key, value);
        entries.put(key, new EffectiveEntry(fullKey(key), text(value, null), ValueSource.DERIVED,
                from == null ? null : from.file(), from == null ? 0 : from.line()));
    }

    boolean has(String key) {
        return typed.containsKey(key);
    }

    boolean isExplicit(String key) {
        EffectiveEntry e = entries.get(key);
        return e != null && e.source() == ValueSource.EXPLICIT;
    }

    Object get(String key) {
        return typed.get(key);
    }

    long getLong(String key) {
        return ((Number) typed.get(key)).longValue();
    }

    String getString(String key) {
        Object v = typed.get(key);
        if (v == null) {
            return null;
        }
        return v instanceof InetAddress a ? Addresses.format(a) : v.toString();
    }

    /** The line a key was written on, or null when not explicit. */
    ConfigNode.KeyValue origin(String key) {
        return origins.get(key);
    }

    void remove(String key) {
        typed.remove(key);
        entries.remove(key);
        origins.remove(key);
    }

    SectionValues freeze() {
        List<String> keys = new ArrayList<>(entries.keySet());
        keys.sort(Comparator.comparingInt(k -> ORDER.getOrDefault(specSection + "." + k, Integer.MAX_VALUE)));
        Map<String, Object> t = new LinkedHashMap<>();
        Map<String, EffectiveEntry> e = new LinkedHashMap<>();
        for (String k : keys) {
            t.put(k, typed.get(k));
            e.put(k, entries.get(k));
        }
        return new SectionValues(prefix, t, e);
    }

    private String fullKey(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private static String text(Object value, String written) {
        if (value instanceof Boolean b && written == null) {
            return b ? "yes" : "no";
        }
        if (written != null) {
            return written;
        }
        return value instanceof InetAddress a ? Addresses.format(a) : String.valueOf(value);
    }
}
