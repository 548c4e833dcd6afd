package io.chorus.ckpt.internal;

import io.chorus.api.ckpt.CkptCreationAttributes;
import io.chorus.api.ckpt.CkptSectionId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;

/**
 * One checkpoint's replica, keyed cluster-wide by (name, id): an unlinked checkpoint keeps its id while openers
 * still hold it, and a new open of the name creates another. Reference counts are per node (services.md §5).
 */
final class Checkpoint {

    final String name;
    final long id;
    CkptCreationAttributes attributes;
    boolean unlinked;
    final Map<CkptSectionId, Section> sections = new LinkedHashMap<>();
    final Map<Integer, Integer> refcounts = new TreeMap<>(Integer::compareUnsigned);
    /** Local only: when this node asks the ring to drop the unused checkpoint. */
    ScheduledFuture<?> retentionTimer;
    /** During sync: the node whose copy was gathered first (a second partition's copy of it is ignored). */
    int syncSource;

    Checkpoint(String name, long id, CkptCreationAttributes attributes) {
        this.name = name;
        this.id = id;
        this.attributes = attributes;
    }

    int refcount() {
        int n = 0;
        for (int c : refcounts.values()) {
            n += c;
        }
        return n;
    }

    void ref(int node, int delta) {
        int c = refcounts.getOrDefault(node, 0) + delta;
        if (c <= 0) {
            refcounts.remove(node);
        } else {
            refcounts.put(node, c);
        }
    }

    long memoryUsed() {
        long n = 0;
        for (Section s : sections.values()) {
            n += s.data.length;
        }
        return n;
    }

    void cancelTimers() {
        if (retentionTimer != null) {
            retentionTimer.cancel(false);
            retentionTimer = null;
        }
        sections.values().forEach(Section::cancelTimer);
    }
}
