package io.chorus.config;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved values of one section instance: typed value plus its effective entry (source and origin)
 * per key. The typed settings classes read from it; {@link ChorusConfig#effectiveEntries()} lists it.
 */
public final class SectionValues {

    private final String prefix;
    private final Map<String, Object> typed;
    private final Map<String, EffectiveEntry> entries;

    /** @param prefix the dotted path of the section instance, e.g. {@code totem} or {@code totem.interface.0} */
    public SectionValues(String prefix, Map<String, Object> typed, Map<String, EffectiveEntry> entries) {
        this.prefix = prefix;
        this.typed = Collections.unmodifiableMap(new LinkedHashMap<>(typed));
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public String prefix() {
        return prefix;
    }

    public boolean has(String key) {
        return typed.containsKey(key);
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(typed.get(key));
    }

    public int intValue(String key) {
        return (int) longValue(key);
    }

    public long longValue(String key) {
        Object v = require(key);
        return ((Number) v).longValue();
    }

    public boolean bool(String key) {
        return (Boolean) require(key);
    }

    public String string(String key) {
        Object v = typed.get(key);
        if (v == null) {
            return null;
        }
        return v instanceof InetAddress a ? Addresses.format(a) : v.toString();
    }

    public InetAddress address(String key) {
        return (InetAddress) typed.get(key);
    }

    /** Where a key's value came from; null when the key has no value. */
    public ValueSource source(String key) {
        EffectiveEntry e = entries.get(key);
        return e == null ? null : e.source();
    }

    public Optional<EffectiveEntry> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Entries in display order. */
    public List<EffectiveEntry> entries() {
        return List.copyOf(entries.values());
    }

    private Object require(String key) {
        Object v = typed.get(key);
        if (v == null) {
            throw new IllegalStateException(prefix + "." + key + " has no value");
        }
        return v;
    }
}
