package io.chorus.config.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A section of a parsed file: its items in file order. Sections may repeat, so children are
 * looked up as lists, and keys may repeat (oa070 {@code logoutput}), so values are lists too.
 * The root node has an empty name.
 */
public final class ConfigNode {

    /** One {@code key: value} line. */
    public record KeyValue(String key, String value, String file, int line) { }

    /** A line with neither separator nor brace (only allowed by amf.conf grammar B lists). */
    public record BareLine(String text, String file, int line) { }

    private final String name;
    private final String file;
    private final int line;
    private final List<Object> items = new ArrayList<>();

    public ConfigNode(String name, String file, int line) {
        this.name = name;
        this.file = file;
        this.line = line;
    }

    public String name() { return name; }
    public String file() { return file; }
    public int line() { return line; }

    public void add(Object item) {
        items.add(item);
    }

    /** Items in file order: {@link KeyValue}, {@link BareLine} or {@link ConfigNode}. */
    public List<Object> items() {
        return Collections.unmodifiableList(items);
    }

    public List<KeyValue> keyValues() {
        List<KeyValue> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof KeyValue kv) {
                out.add(kv);
            }
        }
        return out;
    }

    public List<BareLine> bareLines() {
        List<BareLine> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof BareLine b) {
                out.add(b);
            }
        }
        return out;
    }

    public List<ConfigNode> sections() {
        List<ConfigNode> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof ConfigNode n) {
                out.add(n);
            }
        }
        return out;
    }

    /** Sub-sections with exactly this name, in file order. */
    public List<ConfigNode> sections(String sectionName) {
        List<ConfigNode> out = new ArrayList<>();
        for (ConfigNode n : sections()) {
            if (n.name.equals(sectionName)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Every value of a key (exact match), in file order. */
    public List<KeyValue> all(String key) {
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : keyValues()) {
            if (kv.key().equals(key)) {
                out.add(kv);
            }
        }
        return out;
    }

    /** The last value of a key (later lines override earlier ones, as in Corosync). */
    public Optional<KeyValue> last(String key) {
        List<KeyValue> all = all(key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Replaces (or appends) the value of a key; used to apply runtime changes to a parsed tree. */
    public void put(String key, String value) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i) instanceof KeyValue kv && kv.key().equals(key)) {
                items.set(i, new KeyValue(key, value, kv.file(), kv.line()));
                return;
            }
        }
        items.add(new KeyValue(key, value, "<runtime>", 0));
    }

    /** Deep copy, so runtime changes never alter the tree of a published configuration. */
    public ConfigNode copy() {
        ConfigNode c = new ConfigNode(name, file, line);
        for (Object o : items) {
            c.items.add(o instanceof ConfigNode n ? n.copy() : o);
        }
        return c;
    }
}
