package io.chorus.samples.evs;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.evs.Evs;
import io.chorus.api.evs.EvsCallbacks;
import io.chorus.api.evs.EvsClient;
import io.chorus.api.evs.EvsGroup;
import io.chorus.api.evs.EvsGuarantee;
import io.chorus.samples.Samples;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * evsbench (services.md §7): joins key1..key3 and leaves key1, then per run multicasts messages of one size to
 * its groups for a fixed time with at most 10 outstanding (each self-delivery frees a slot), and prints one line
 * per run: {@code N Writes S bytes per write T Seconds runtime X TP/s Y MB/s.}
 *
 * <pre>
 * usage: evsbench [-p] [-t SECONDS] [-s SIZE,SIZE,...] [-full]
 *   -p     stream with {@link Evs#mcastPipelined} (no wait per message, no TRY_AGAIN) and up to
 *          {@value #PIPELINED_OUTSTANDING} messages not yet delivered back, instead of one mcastJoined call each
 *   -t     seconds per run (default 1)
 *   -s     message sizes in bytes (default 64,1024,8192,65536)
 *   -full  the C program's run: 225 runs of 10 s, sizes 1, 1001, ... 224001
 * </pre>
 */
public final class EvsBench implements EvsCallbacks {

    private static final int MAX_OUTSTANDING = 10;
    private static final int PIPELINED_OUTSTANDING = 1000;
    private static final String USAGE = "usage: evsbench [-p] [-t SECONDS] [-s SIZE,SIZE,...] [-full]";

    private boolean pipelined;
    private int outstanding;
    private int localNodeId;

    public static void main(String[] args) throws Exception {
        double seconds = 1;
        boolean pipelined = false;
        List<Integer> sizes = new ArrayList<>(List.of(64, 1024, 8192, 65536));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-p" -> pipelined = true;
                case "-t" -> seconds = Double.parseDouble(args[++i]);
                case "-s" -> {
                    sizes.clear();
                    for (String s : args[++i].split(",")) {
                        sizes.add(Integer.parseInt(s.trim()));
                    }
                }
                case "-full" -> {
                    seconds = 10;
                    sizes.clear();
                    for (int run = 0; run < 225; run++) {
                        sizes.add(1 + run * 1000);
                    }
                }
                default -> {
                    System.err.println(USAGE);
                    System.exit(1);
                }
            }
        }
        EngineConnection connection = Samples.connect("evs");
        EvsBench bench = new EvsBench();
        bench.pipelined = pipelined;
        try (Evs evs = EvsClient.open(connection, bench)) {
            List<EvsGroup> groups = List.of(EvsGroup.of("key1"), EvsGroup.of("key2"), EvsGroup.of("key3"));
            bench.localNodeId = evs.membershipGet().localNodeId();
            evs.join(groups);
            evs.leave(List.of(groups.get(0)));
            for (int size : sizes) {
                bench.run(evs, size, (long) (seconds * 1e9));
            }
        }
    }

    private void run(Evs evs, int size, long nanos) throws ChorusException {
        ByteBuffer message = ByteBuffer.allocate(size);
        long writes = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        int window = pipelined ? PIPELINED_OUTSTANDING : MAX_OUTSTANDING;
        while (System.nanoTime() < end) {
            if (outstanding < window) {
                try {
                    if (pipelined) {
                        evs.mcastPipelined(EvsGuarantee.AGREED, message.duplicate());
                    } else {
                        evs.mcastJoined(EvsGuarantee.AGREED, message.duplicate());
                    }
                    outstanding++;
                    writes++;
                } catch (ChorusException e) {
                    if (!e.isTryAgain()) {
                        throw e;
                    }
                }
                evs.dispatch(DispatchFlag.ALL);
            } else {
                evs.dispatch(DispatchFlag.ONE); // wait for a self-delivery to free a slot
            }
        }
        if (pipelined) {
            evs.flush();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%5d Writes %5d bytes per write %7.3f Seconds runtime %9.3f TP/s %7.3f MB/s.%n",
                writes, size, elapsed, writes / elapsed, writes * (double) size / elapsed / 1_000_000.0);
        while (outstanding > 0) {
            evs.dispatch(DispatchFlag.ONE); // drain so the next run starts with nothing in flight
        }
    }

    @Override
    public void deliver(int nodeid, ByteBuffer message) {
        if (nodeid == localNodeId && outstanding > 0) {
            outstanding--; // other nodes' benchmarks send to the same groups
        }
    }

    @Override
    public void confchg(int[] members, int[] left, int[] joined) {
        ConfchgPrinter.print(System.out, members, left, joined);
    }
}
