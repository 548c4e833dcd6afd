package io.chorus.totem.sim;

import io.chorus.totem.evs.ProcessHistory;
import io.chorus.totem.evs.ProcessId;
import io.chorus.totem.evs.RunHistory;
import io.chorus.totem.evs.Violation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What one run produced: its histories, what the checker found, and a few figures. */
public final class SimulationResult {

    /** Figures of one run (or, summed, of many). */
    public static final class Stats {
        long sent;
        long refused;
        long delivered;
        long configurationChanges;
        long events;
        long virtualMicros;
        /** Virtual microseconds from the end of the faults to one healed ring; -1 if it never formed. */
        long convergenceMicros = -1;

        public long delivered() {
            return delivered;
        }

        public long configurationChanges() {
            return configurationChanges;
        }

        public double virtualSeconds() {
            return virtualMicros / 1e6;
        }

        void add(Stats o) {
            sent += o.sent;
            refused += o.refused;
            delivered += o.delivered;
            configurationChanges += o.configurationChanges;
            events += o.events;
            virtualMicros += o.virtualMicros;
        }

        @Override
        public String toString() {
            return String.format("%.1f virtual s, %d events, %d sent (%d refused), %d delivered, %d configuration changes",
                    virtualSeconds(), events, sent, refused, delivered, configurationChanges);
        }
    }

    public final SimOptions options;
    public final RunHistory history;
    public final List<Violation> violations;
    public final Stats stats;
    final String finalState;

    SimulationResult(SimOptions options, RunHistory history, List<Violation> violations, Stats stats, String finalState) {
        this.options = options;
        this.history = history;
        this.violations = violations;
        this.stats = stats;
        this.finalState = finalState;
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    /** The failure report: seed and options to reproduce, the violations, the tails of the histories involved. */
    public String report(int tail) {
        StringBuilder text = new StringBuilder();
        text.append("FAILED seed ").append(options.seed()).append(" with options: ").append(options.toArgs()).append('\n');
        text.append("reproduce: ").append(options.reproduceCommand()).append('\n');
        text.append(stats).append('\n');
        int shown = 0;
        for (Violation v : violations) {
            if (shown++ == 10) {
                text.append("  ... ").append(violations.size() - 10).append(" more\n");
                break;
            }
            text.append("  ").append(v).append('\n');
        }
        text.append("nodes at the end:\n").append(finalState);
        Set<ProcessId> involved = new LinkedHashSet<>();
        violations.forEach(v -> involved.addAll(v.processes()));
        if (involved.isEmpty()) {
            history.processes().forEach(p -> involved.add(p.process()));
        }
        text.append("history tails:\n");
        int processes = 0;
        for (ProcessId id : involved) {
            ProcessHistory p = history.find(id);
            if (p != null && processes++ < 6) {
                text.append(p.tail(tail));
            }
        }
        return text.toString();
    }
}
