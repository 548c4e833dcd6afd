package io.chorus.totem.evs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a run recorded: every process's history, plus the messages that every process still
 * running at the end must have delivered (the probes the simulator sends once the ring has healed).
 */
public final class RunHistory {

    private final List<ProcessHistory> processes = new ArrayList<>();
    private final Set<MessageId> probes = new HashSet<>();

    public ProcessHistory newProcess(ProcessId id) {
        ProcessHistory history = new ProcessHistory(id);
        processes.add(history);
        return history;
    }

    public void probe(MessageId id) {
        probes.add(id);
    }

    public List<ProcessHistory> processes() {
        return Collections.unmodifiableList(processes);
    }

    public Set<MessageId> probes() {
        return Collections.unmodifiableSet(probes);
    }

    public ProcessHistory find(ProcessId id) {
        for (ProcessHistory p : processes) {
            if (p.process().equals(id)) {
                return p;
            }
        }
        return null;
    }
}
