package io.chorus.totem.sim;

import io.chorus.totem.TotemParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Everything that shapes one simulated run besides the core itself. A run is a pure function of these
 * options: {@link #toArgs()} prints the exact command-line options that reproduce it.
 *
 * <p>A run has three phases: faults (the first {@code duration} virtual seconds: loss, duplication,
 * partitions, crashes, leaves, with the workload running), healing (no more faults, down nodes restart,
 * the workload goes on until the ring has re-formed, bounded by {@code settle}), and draining (one probe
 * per node, run until every running node has delivered every probe and its own messages).
 */
public final class SimOptions {

    long seed = 1;
    int nodes = 3;
    /** Virtual seconds of the fault phase. */
    double duration = 10;
    /** Application messages per virtual second per node. */
    double rate = 20;
    /** Largest payload the workload sends; 0 means the core's maximum ({@link TotemParameters#maxPayload()}). */
    int maxPayload = 0;
    double loss = 0;
    double dup = 0;
    /** Base one-way latency and random extra delay, in milliseconds; the jitter reorders packets. */
    double latency = 0.2;
    double jitter = 0.3;
    double partitionsPerSec = 0;
    /** Longest partition, in virtual seconds (each lasts 20-90% of min(gap to the next one, this)). */
    double partitionMax = 1;
    int retransmitsBeforeLoss;
    int crashes = 0;
    /** How crashed nodes come back: persisted (keep the ring id store), fresh, mixed, or never (until healing). */
    String restart = "mixed";
    int leaves = 0;
    /** Token timeout in ms; 0 means Corosync's default for the node count (the other timeouts derive from it). */
    int token = 0;
    /** Milliseconds between a REGULAR configuration and the executive's acknowledgeTransition(). */
    double syncDelay = 0;
    /** Nodes start at random times within this many milliseconds. */
    double startSpread = 100;
    /** Virtual seconds the healed cluster gets to re-form one ring and drain; 0 derives it from the timeouts. */
    double settle = 0;
    long maxEvents = 5_000_000;

    private record Option(String name, String help, Function<SimOptions, Object> get, BiConsumer<SimOptions, String> set) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("seed", "the seed every random choice derives from", o -> o.seed, (o, v) -> o.seed = Long.parseLong(v)),
            new Option("nodes", "number of nodes (nodeids 1..n)", o -> o.nodes, (o, v) -> o.nodes = Integer.parseInt(v)),
            new Option("duration", "virtual seconds of faults", o -> o.duration, (o, v) -> o.duration = Double.parseDouble(v)),
            new Option("rate", "messages per virtual second per node", o -> o.rate, (o, v) -> o.rate = Double.parseDouble(v)),
            new Option("max-payload", "largest payload (0 = core maximum)", o -> o.maxPayload,
                    (o, v) -> o.maxPayload = Integer.parseInt(v)),
            new Option("loss", "per-packet loss probability during faults", o -> o.loss, (o, v) -> o.loss = Double.parseDouble(v)),
            new Option("dup", "per-packet duplication probability during faults", o -> o.dup,
                    (o, v) -> o.dup = Double.parseDouble(v)),
            new Option("latency", "base one-way latency, ms", o -> o.latency, (o, v) -> o.latency = Double.parseDouble(v)),
            new Option("jitter", "random extra delay, ms (reorders packets)", o -> o.jitter,
                    (o, v) -> o.jitter = Double.parseDouble(v)),
            new Option("partitions-per-sec", "partition+merge events per virtual second", o -> o.partitionsPerSec,
                    (o, v) -> o.partitionsPerSec = Double.parseDouble(v)),
            new Option("partition-max", "longest partition, virtual seconds", o -> o.partitionMax,
                    (o, v) -> o.partitionMax = Double.parseDouble(v)),
            new Option("crashes", "crashes during the fault phase", o -> o.crashes, (o, v) -> o.crashes = Integer.parseInt(v)),
            new Option("restart", "persisted|fresh|mixed|never: how crashed nodes restart", o -> o.restart,
                    (o, v) -> o.restart = v),
            new Option("leaves", "clean leave() + later restart during the fault phase", o -> o.leaves,
                    (o, v) -> o.leaves = Integer.parseInt(v)),
            new Option("retransmits-before-loss", "token_retransmits_before_loss_const (0 = Corosync's 4)",
                    o -> o.retransmitsBeforeLoss, (o, v) -> o.retransmitsBeforeLoss = Integer.parseInt(v)),
            new Option("token", "token timeout ms (0 = Corosync default for n)", o -> o.token,
                    (o, v) -> o.token = Integer.parseInt(v)),
            new Option("sync-delay", "ms before acknowledgeTransition() after a REGULAR change", o -> o.syncDelay,
                    (o, v) -> o.syncDelay = Double.parseDouble(v)),
            new Option("start-spread", "nodes start within this many ms", o -> o.startSpread,
                    (o, v) -> o.startSpread = Double.parseDouble(v)),
            new Option("settle", "virtual seconds to re-form and drain after faults (0 = derived)", o -> o.settle,
                    (o, v) -> o.settle = Double.parseDouble(v)),
            new Option("max-events", "event budget of one run", o -> o.maxEvents, (o, v) -> o.maxEvents = Long.parseLong(v)));

    public SimOptions copy() {
        SimOptions c = new SimOptions();
        for (Option o : OPTIONS) {
            o.set().accept(c, String.valueOf(o.get().apply(this)));
        }
        return c;
    }

    public SimOptions seed(long value) {
        seed = value;
        return this;
    }

    public long seed() {
        return seed;
    }

    /** Sets one option by its command-line name, e.g. {@code set("loss", "0.2")}. */
    public SimOptions set(String name, Object value) {
        for (Option o : OPTIONS) {
            if (o.name().equals(name)) {
                o.set().accept(this, String.valueOf(value));
                validate();
                return this;
            }
        }
        throw new IllegalArgumentException("unknown option --" + name);
    }

    public static boolean isOption(String name) {
        return OPTIONS.stream().anyMatch(o -> o.name().equals(name));
    }

    void validate() {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (loss < 0 || loss >= 1 || dup < 0 || dup >= 1) {
            throw new IllegalArgumentException("--loss and --dup are probabilities in [0, 1)");
        }
        if (!List.of("persisted", "fresh", "mixed", "never").contains(restart)) {
            throw new IllegalArgumentException("--restart must be persisted, fresh, mixed or never");
        }
    }

    TotemParameters parameters() {
        TotemParameters defaults = TotemParameters.corosyncDefaults(nodes);
        TotemParameters p = token > 0 ? defaults.withDerivedFromToken(token) : defaults;
        return retransmitsBeforeLoss > 0 ? p.withRetransmitsBeforeLoss(retransmitsBeforeLoss) : p;
    }

    /** The options that reproduce this run, with the defaults left out. */
    public String toArgs() {
        SimOptions defaults = new SimOptions();
        StringBuilder args = new StringBuilder();
        for (Option o : OPTIONS) {
            Object value = o.get().apply(this);
            if (o.name().equals("seed") || !value.equals(o.get().apply(defaults))) {
                args.append(args.length() == 0 ? "" : " ").append("--").append(o.name()).append(' ').append(value);
            }
        }
        return args.toString();
    }

    /** The Maven command that replays this run (see README.md next to this class). */
    public String reproduceCommand() {
        return "flock /tmp/chorus-mvn.lock mvn -B -q -pl bundles/totem test-compile exec:java -Dexec.args=\"" + toArgs()
                + " --dump /tmp/chorus-sim\"";
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        for (Option o : OPTIONS) {
            text.append(String.format("  --%-20s %s (default %s)%n", o.name(), o.help(), o.get().apply(new SimOptions())));
        }
        return text.toString();
    }

    /** Parses {@code --name value} and {@code --name=value} pairs; returns the arguments it did not know. */
    List<String> parse(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                rest.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!isOption(name)) {
                rest.add(arg);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            set(name, value);
        }
        return rest;
    }

    @Override
    public String toString() {
        return toArgs();
    }
}
