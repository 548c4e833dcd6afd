package io.chorus.totem.evs;

import io.chorus.totem.ConfigurationChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ordered history of one process (one incarnation of a node), and how it ended. */
public final class ProcessHistory {

    /** How a process's life ended; only RUNNING processes owe anything at the end of a run. */
    public enum End { RUNNING, CRASHED, LEFT }

    private final ProcessId process;
    private final List<HistoryEvent> events = new ArrayList<>();
    private End end = End.RUNNING;
    private long endTime = -1;
    private boolean wipedStore;

    public ProcessHistory(ProcessId process) {
        this.process = process;
    }

    public ProcessId process() {
        return process;
    }

    public List<HistoryEvent> events() {
        return Collections.unmodifiableList(events);
    }

    public End end() {
        return end;
    }

    public long endTime() {
        return endTime;
    }

    public ProcessHistory sent(long time, MessageId id) {
        events.add(new HistoryEvent.Sent(time, id));
        return this;
    }

    public ProcessHistory delivered(long time, int senderNodeId, MessageId id, boolean intact) {
        events.add(new HistoryEvent.Delivered(time, senderNodeId, id, intact));
        return this;
    }

    public ProcessHistory delivered(long time, MessageId id) {
        return delivered(time, id.nodeId(), id, true);
    }

    public ProcessHistory configuration(long time, ConfigurationChange change) {
        events.add(new HistoryEvent.ConfigChanged(time, change));
        return this;
    }

    /** This process is a restart whose ring id store was wiped: it may form a ring id that existed before. */
    public ProcessHistory restartedWithWipedStore(boolean wiped) {
        this.wipedStore = wiped;
        return this;
    }

    public boolean restartedWithWipedStore() {
        return wipedStore;
    }

    public ProcessHistory note(long time, String text) {
        events.add(new HistoryEvent.Note(time, text));
        return this;
    }

    public void ended(End how, long time) {
        this.end = how;
        this.endTime = time;
    }

    /** The last {@code n} events, one per line, for failure reports. */
    public String tail(int n) {
        StringBuilder text = new StringBuilder();
        text.append("  ").append(process).append(" (").append(end)
                .append(endTime >= 0 ? " at " + HistoryEvent.at(endTime).trim() : "").append(", ")
                .append(events.size()).append(" events)\n");
        int from = Math.max(0, events.size() - n);
        if (from > 0) {
            text.append("    ...\n");
        }
        for (int i = from; i < events.size(); i++) {
            text.append("    ").append(events.get(i)).append('\n');
        }
        return text.toString();
    }

    /** The last configuration change seen, or null. */
    public ConfigurationChange lastConfiguration() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof HistoryEvent.ConfigChanged c) {
                return c.change();
            }
        }
        return null;
    }
}
