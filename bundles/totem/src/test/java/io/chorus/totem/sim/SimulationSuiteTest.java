package io.chorus.totem.sim;

import org.junit.Test;

/**
 * The simulation suites of the default build: the real Totem core over a few hundred seeds, every run
 * checked by the EVS checker and ended by a healed-ring liveness check (see {@link SimOptions} for the
 * phases). Each scenario names its options; a failure prints the seed and the command that replays it.
 * {@code -Psim-long} (or {@code -Dsim.seeds=N}) runs many more seeds of the same scenarios.
 */
public class SimulationSuiteTest {

    private static SimOptions options(Object... nameValues) {
        SimOptions o = new SimOptions();
        for (int i = 0; i < nameValues.length; i += 2) {
            o.set((String) nameValues[i], nameValues[i + 1]);
        }
        return o;
    }

    @Test
    public void noFaults() {
        SeedSweep.sweep("3 nodes, no faults", options("duration", 5), SeedSweep.seeds(30, 1));
    }

    @Test
    public void oneNodeAlone() {
        SeedSweep.sweep("1 node alone", options("nodes", 1, "duration", 5), SeedSweep.seeds(10, 0.5));
    }

    @Test
    public void twoNodesWithLoss() {
        SeedSweep.sweep("2 nodes, 5% loss", options("nodes", 2, "loss", 0.05), SeedSweep.seeds(30, 1));
    }

    @Test
    public void fivePercentLoss() {
        SeedSweep.sweep("3 nodes, 5% loss", options("loss", 0.05), SeedSweep.seeds(30, 1));
    }

    @Test
    public void twentyPercentLoss() {
        SeedSweep.sweep("3 nodes, 20% loss", options("loss", 0.2), SeedSweep.seeds(30, 1));
    }

    @Test
    public void twentyPercentLossShortToken() {
        SeedSweep.sweep("3 nodes, 20% loss, token 500", options("loss", 0.2, "token", 500), SeedSweep.seeds(30, 1));
    }

    @Test
    public void duplicationAndReordering() {
        SeedSweep.sweep("3 nodes, 10% dup, 3 ms jitter", options("dup", 0.1, "jitter", 3.0), SeedSweep.seeds(30, 1));
    }

    @Test
    public void partitionsAndMerges() {
        SeedSweep.sweep("5 nodes, 1 partition/s", options("nodes", 5, "partitions-per-sec", 1.0), SeedSweep.seeds(20, 1));
    }

    @Test
    public void partitionsAndMergesShortToken() {
        SeedSweep.sweep("5 nodes, 1 partition/s, token 500",
                options("nodes", 5, "partitions-per-sec", 1.0, "token", 500), SeedSweep.seeds(20, 1));
    }

    @Test
    public void crashesRestartingWithPersistedRingId() {
        SeedSweep.sweep("3 nodes, 3 crashes, persisted ring id", options("crashes", 3, "restart", "persisted"),
                SeedSweep.seeds(20, 1));
    }

    @Test
    public void crashesRestartingWithFreshRingId() {
        SeedSweep.sweep("3 nodes, 3 crashes, fresh ring id", options("crashes", 3, "restart", "fresh"),
                SeedSweep.seeds(20, 1));
    }

    @Test
    public void crashesShortToken() {
        SeedSweep.sweep("5 nodes, 4 crashes, token 500", options("nodes", 5, "crashes", 4, "token", 500),
                SeedSweep.seeds(20, 1));
    }

    @Test
    public void cleanLeaves() {
        SeedSweep.sweep("3 nodes, 2 leaves", options("leaves", 2), SeedSweep.seeds(30, 1));
    }

    @Test
    public void lossAndPartitionsShortToken() {
        SeedSweep.sweep("3 nodes, 20% loss, 1 partition/s, token 300",
                options("loss", 0.2, "partitions-per-sec", 1.0, "token", 300), SeedSweep.seeds(40, 1));
    }

    @Test
    public void everythingAtOnceShortToken() {
        SeedSweep.sweep("5 nodes, all faults, token 500",
                options("nodes", 5, "loss", 0.1, "partitions-per-sec", 2.0, "crashes", 4, "leaves", 1, "token", 500,
                        "restart", "persisted", "max-events", 1_000_000), SeedSweep.seeds(20, 0.5));
    }

    @Test
    public void slowSync() {
        SeedSweep.sweep("3 nodes, 5% loss, crash, 200 ms sync", options("loss", 0.05, "crashes", 1, "sync-delay", 200.0),
                SeedSweep.seeds(20, 1));
    }

    @Test
    public void eightNodesMixedFaults() {
        SeedSweep.sweep("8 nodes, 5% loss, partitions, crash, leave",
                options("nodes", 8, "loss", 0.05, "partitions-per-sec", 0.5, "crashes", 1, "leaves", 1),
                SeedSweep.seeds(10, 0.5));
    }

    @Test
    public void thirtyTwoNodes() {
        SeedSweep.sweep("32 nodes, 2% loss, a crash", options("nodes", 32, "loss", 0.02, "crashes", 1, "duration", 5,
                "rate", 5), SeedSweep.seeds(3, 0.02));
    }
}
