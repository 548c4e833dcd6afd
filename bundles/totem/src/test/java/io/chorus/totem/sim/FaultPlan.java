package io.chorus.totem.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one run, drawn from the seed before the run starts, so that a failing seed names a
 * fixed sequence of partitions, crashes and leaves (the network's per-packet loss and duplication are
 * drawn as packets go, from the network's own generator).
 */
final class FaultPlan {

    sealed interface Fault {
        long time();
    }

    /** Split the nodes into groups that cannot reach each other (group numbers per node index). */
    record Partition(long time, int[] groupOf) implements Fault {
        @Override
        public String toString() {
            return "partition " + Arrays.toString(groupOf);
        }
    }

    record Heal(long time) implements Fault {
    }

    record Crash(long time, int nodeId, long restartAfter, boolean keepRingId) implements Fault {
    }

    record Leave(long time, int nodeId, long restartAfter) implements Fault {
    }

    final List<Fault> faults = new ArrayList<>();

    static FaultPlan generate(SimOptions o, SplittableRandom random) {
        FaultPlan plan = new FaultPlan();
        long end = seconds(o.duration);
        if (o.partitionsPerSec > 0 && o.nodes > 1) {
            // Poisson arrivals; each partition lasts part of the gap before the next one, then merges.
            double meanGap = 1e6 / o.partitionsPerSec;
            long t = (long) (-Math.log(1 - random.nextDouble()) * meanGap);
            while (t < end) {
                long gap = Math.max(1000, (long) (-Math.log(1 - random.nextDouble()) * meanGap));
                // At most --partition-max long: Poisson gaps have a long tail, and a partition of many
                // seconds is another scenario (a split cluster), not "a partition and merge per second".
                long span = Math.min(gap, seconds(o.partitionMax));
                long length = Math.max(1000, (long) (span * (0.2 + 0.7 * random.nextDouble())));
                plan.faults.add(new Partition(t, split(o.nodes, random)));
                plan.faults.add(new Heal(Math.min(t + length, end)));
                t += gap;
            }
        }
        for (int i = 0; i < o.crashes; i++) {
            boolean keep = switch (o.restart) {
                case "persisted" -> true;
                case "fresh" -> false;
                default -> random.nextBoolean();
            };
            long restartAfter = o.restart.equals("never") ? -1 : 200_000 + random.nextLong(3_000_000);
            plan.faults.add(new Crash(random.nextLong(Math.max(1, end)), 1 + random.nextInt(o.nodes), restartAfter, keep));
        }
        for (int i = 0; i < o.leaves; i++) {
            plan.faults.add(new Leave(random.nextLong(Math.max(1, end)), 1 + random.nextInt(o.nodes),
                    200_000 + random.nextLong(3_000_000)));
        }
        return plan;
    }

    /** Two groups usually, sometimes three; nodes land in groups at random but no group is empty. */
    private static int[] split(int nodes, SplittableRandom random) {
        int groups = nodes >= 3 && random.nextInt(4) == 0 ? 3 : 2;
        int[] groupOf = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            groupOf[i] = i < groups ? i : random.nextInt(groups);
        }
        for (int i = nodes - 1; i > 0; i--) { // shuffle so that node 1 is not always alone in group 0
            int j = random.nextInt(i + 1);
            int tmp = groupOf[i];
            groupOf[i] = groupOf[j];
            groupOf[j] = tmp;
        }
        return groupOf;
    }

    static long seconds(double s) {
        return (long) (s * 1e6);
    }

    static long millis(double ms) {
        return (long) (ms * 1e3);
    }
}
