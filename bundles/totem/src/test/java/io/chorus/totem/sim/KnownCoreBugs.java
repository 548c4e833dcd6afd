package io.chorus.totem.sim;

import java.util.List;

/**
 * Seeds of the default suites that fail because of core bugs (or suspected ones) already reported to the
 * core's owner (issue 3). The default build skips exactly these seeds, and says so on every run, so that it stays green
 * while the bugs are open; {@code -Dsim.strict=true} runs them too. When a bug is fixed, delete its entry:
 * the seeds then run again, and must pass.
 */
final class KnownCoreBugs {

    record Bug(String scenario, List<Long> seeds, String description) {
    }

    // Fixed in 10f626a and removed from here: the virtual synchrony break of "3 nodes, 20% loss, 1 partition/s,
    // token 300" seed 13, the join storms of "8 nodes ..." seeds 6, 9 and "5 nodes, all faults" seeds 1, 4, 17,
    // and the messages stranded by acknowledgeTransition() in "3 nodes, 5% loss, crash, 200 ms sync".
    static final List<Bug> BUGS = List.of(
            new Bug("3 nodes, 20% loss, 1 partition/s", List.of(2L, 3L, 4L, 5L, 6L, 7L, 10L, 12L, 14L, 18L, 20L),
                    "liveness, open: no node delivers anything for a 10 s window. Every run keeps virtual "
                            + "synchrony (the EVS checker passes) and re-forms once the faults stop, but under 20% loss "
                            + "and a partition every second recovery crawls (seed 4: RECOVERY of ring 1.d from 10.7 to "
                            + "24.8 s at ~1.5 token rotations/s; each lost token costs token_retransmit = 869 ms and a "
                            + "lost recovery message is requested only after miss_count_const = 5 visits). With "
                            + "-Dsim.lossy.token=1000 10 of 20 seeds still stall, so it is not only the timers: "
                            + "investigate the recovery path under loss (issue 3)"));

    private KnownCoreBugs() {
    }

    static boolean strict() {
        return Boolean.getBoolean("sim.strict");
    }

    /** The known-bad seeds of a scenario that this build skips (none in strict mode). */
    static List<Long> skipped(String scenario) {
        if (strict()) {
            return List.of();
        }
        return BUGS.stream().filter(b -> b.scenario().equals(scenario)).flatMap(b -> b.seeds().stream()).toList();
    }

    static String describe(String scenario) {
        StringBuilder text = new StringBuilder();
        BUGS.stream().filter(b -> b.scenario().equals(scenario))
                .forEach(b -> text.append("seeds ").append(b.seeds()).append(": ").append(b.description()).append("; "));
        return text.toString();
    }
}
