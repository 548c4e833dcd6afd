package io.chorus.totem.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line driver: runs one seed or a batch of consecutive seeds and prints a summary; every failing
 * seed is printed with the options that reproduce it. Exit status 1 when any seed failed.
 *
 * <pre>
 * flock /tmp/chorus-mvn.lock mvn -B -q -pl bundles/totem test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.chorus.totem.sim.SimulatorMain \
 *   -Dexec.args="--seed 1 --seeds 200 --nodes 3 --loss 0.2 --partitions-per-sec 1 --duration 20"
 * </pre>
 * Own options: {@code --seeds N} (run seeds seed..seed+N-1), {@code --verbose} (print every history tail
 * of a failure, and core logging), {@code --stop-on-failure}, {@code --tail K} (history events per process),
 * {@code --dump PREFIX} (write every failed seed's full histories to PREFIX-seed.txt;
 * with a single seed, also when it passed).
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        SimOptions options = new SimOptions();
        List<String> rest;
        try {
            rest = options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        long seeds = 1;
        boolean verbose = false;
        boolean stopOnFailure = false;
        int tail = 25;
        String dump = null;
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--seeds" -> seeds = Long.parseLong(rest.get(++i));
                case "--verbose" -> verbose = true;
                case "--stop-on-failure" -> stopOnFailure = true;
                case "--tail" -> tail = Integer.parseInt(rest.get(++i));
                case "--dump" -> dump = rest.get(++i);
                case "--help", "-h" -> {
                    System.out.println(usage());
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + rest.get(i));
                    System.err.println(usage());
                    System.exit(2);
                }
            }
        }
        int failures = run(options, seeds, verbose, stopOnFailure, tail, dump);
        System.exit(failures == 0 ? 0 : 1);
    }

    static int run(SimOptions base, long seeds, boolean verbose, boolean stopOnFailure, int tail, String dump) {
        if (verbose) {
            java.util.logging.Logger.getLogger("io.chorus.totem").setLevel(java.util.logging.Level.INFO);
        }
        SimulationResult.Stats total = new SimulationResult.Stats();
        List<Long> failed = new ArrayList<>();
        long batch = Math.max(1, Math.min(100, seeds / 10));
        long started = System.nanoTime(); // only for the progress line, never for a verdict
        for (long i = 0; i < seeds; i++) {
            SimOptions options = base.copy().seed(base.seed() + i);
            SimulationResult result = SimulationRunner.run(options);
            total.add(result.stats);
            if (!result.passed()) {
                failed.add(options.seed());
                System.out.println(result.report(verbose ? tail * 4 : tail));
                if (dump != null) {
                    dump(result, dump + "-" + options.seed() + ".txt");
                }
                if (stopOnFailure) {
                    break;
                }
            }
            if (result.passed() && dump != null && seeds == 1) {
                dump(result, dump + "-" + options.seed() + ".txt"); // a single seed is dumped even when it passes
            }
            if (seeds > 1 && (i + 1) % batch == 0) {
                System.out.printf("progress: %d/%d seeds, %d failed, %.0f virtual s, %d delivered, %.1f s wall%n",
                        i + 1, seeds, failed.size(), total.virtualSeconds(), total.delivered(),
                        (System.nanoTime() - started) / 1e9);
            }
        }
        System.out.printf("summary: %d seeds from %d (%s): %s; %d failed%s%n", seeds, base.seed(), base.toArgs(),
                total, failed.size(), failed.isEmpty() ? "" : " " + failed.subList(0, Math.min(50, failed.size())));
        return failed.size();
    }

    /** Every event of every process of a failed run, for reading beyond the tails. */
    private static void dump(SimulationResult result, String file) {
        StringBuilder text = new StringBuilder(result.report(0));
        result.history.processes().forEach(p -> text.append(p.tail(Integer.MAX_VALUE)));
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(file), text);
            System.out.println("full histories in " + file);
        } catch (java.io.IOException e) {
            System.err.println("cannot write " + file + ": " + e);
        }
    }

    private static String usage() {
        return "usage: SimulatorMain [--seeds N] [--verbose] [--stop-on-failure] [--tail K] [options]\n" + SimOptions.usage();
    }
}
