package io.chorus.ckpt.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every checkpoint of the cluster, in the order they were created (or synced), and the cluster-wide id counter (the high half of ids)
 * (synced as OpenAIS synced its GLOBALID pseudo-checkpoint).
 */
final class Checkpoints {

    private final Map<Long, Checkpoint> byId = new LinkedHashMap<>();
    long globalId;

    Checkpoint get(long id) {
        return byId.get(id);
    }

    /** The live (not unlinked) checkpoint of that name; after a merge, the first one. */
    Checkpoint byName(String name) {
        for (Checkpoint c : byId.values()) {
            if (!c.unlinked && c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    void add(Checkpoint c) {
        byId.put(c.id, c);
        globalId = Math.max(globalId, c.id >>> 32);
    }

    /**
     * A new checkpoint id: the cluster-wide counter in the high half, the creating node in the low half, so two
     * partitions that both create checkpoints before they merge never pick the same id.
     */
    long nextId(int creator) {
        return (globalId + 1) << 32 | (creator & 0xffffffffL);
    }

    void remove(Checkpoint c) {
        c.cancelTimers();
        byId.remove(c.id);
    }

    Collection<Checkpoint> all() {
        return byId.values();
    }

    List<Checkpoint> snapshot() {
        return new ArrayList<>(byId.values());
    }

    void clear() {
        byId.values().forEach(Checkpoint::cancelTimers);
        byId.clear();
    }
}
