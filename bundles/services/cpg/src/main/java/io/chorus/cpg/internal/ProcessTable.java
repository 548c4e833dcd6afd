package io.chorus.cpg.internal;

import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The cluster-wide group membership as this node knows it: for each group, its processes (nodeid, pid) in
 * the order they joined. Changed only by agreed-order events (PROCJOIN/PROCLEAVE, sync activation), so every
 * node holds the same table. Event-loop only.
 */
final class ProcessTable {

    /** One process in one group. */
    record Entry(CpgGroup group, int nodeid, int pid) {
    }

    private final Map<CpgGroup, List<Entry>> groups = new LinkedHashMap<>();

    boolean contains(CpgGroup group, int nodeid, int pid) {
        List<Entry> l = groups.get(group);
        return l != null && l.contains(new Entry(group, nodeid, pid));
    }

    /** Corosync delivers a group's messages only from nodes that have a process in it. */
    boolean nodeHasProcess(CpgGroup group, int nodeid) {
        List<Entry> l = groups.get(group);
        if (l != null) {
            for (Entry e : l) {
                if (e.nodeid() == nodeid) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean add(Entry e) {
        List<Entry> l = groups.computeIfAbsent(e.group(), g -> new ArrayList<>());
        if (l.contains(e)) {
            return false;
        }
        l.add(e);
        return true;
    }

    boolean remove(Entry e) {
        List<Entry> l = groups.get(e.group());
        if (l == null || !l.remove(e)) {
            return false;
        }
        if (l.isEmpty()) {
            groups.remove(e.group());
        }
        return true;
    }

    /** Replaces the whole table by {@code entries}, groups and members in their order. */
    void replace(List<Entry> entries) {
        groups.clear();
        entries.forEach(this::add);
    }

    /** Removes every entry {@code gone} accepts; returns them in table order. */
    List<Entry> removeIf(Predicate<Entry> gone) {
        List<Entry> removed = new ArrayList<>();
        for (Entry e : all()) {
            if (gone.test(e)) {
                remove(e);
                removed.add(e);
            }
        }
        return removed;
    }

    /** The members of {@code group} in join order, with reason NONE. */
    List<CpgAddress> members(CpgGroup group) {
        List<CpgAddress> out = new ArrayList<>();
        for (Entry e : groups.getOrDefault(group, List.of())) {
            out.add(new CpgAddress(e.nodeid(), e.pid(), CpgReason.NONE));
        }
        return out;
    }

    List<CpgGroup> groups() {
        return new ArrayList<>(groups.keySet());
    }

    List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        groups.values().forEach(out::addAll);
        return out;
    }

    List<Entry> ofNode(int nodeid) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : all()) {
            if (e.nodeid() == nodeid) {
                out.add(e);
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (List<Entry> l : groups.values()) {
            n += l.size();
        }
        return n;
    }
}
