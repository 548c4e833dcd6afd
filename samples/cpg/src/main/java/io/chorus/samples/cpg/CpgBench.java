package io.chorus.samples.cpg;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgCallbacks;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgGuarantee;
import io.chorus.ipc.client.IpcEngineConnection;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * cpgbench as Corosync 3 runs it: joins {@code cpg_bm}, then for message sizes 64, 320, 1600, 8000, 40000,
 * 200000 and 1000000 bytes (×5 per run, stopping before 1 MiB − 100) multicasts for a fixed time, counting its
 * own deliveries, and prints one line per run:
 * {@code N messages received S bytes per write T Seconds runtime X TP/s Y MB/s.}
 * Usage: {@code cpgbench [-p] [seconds per run]}: 1 s by default so that a quickstart run takes a few seconds;
 * {@code cpgbench 10} is the C program's run. {@code -p} sends with {@link Cpg#mcastPipelined} (Chorus's streaming
 * call: no wait per message, no TRY_AGAIN) instead of one {@code mcastJoined} call per message.
 */
public final class CpgBench implements CpgCallbacks {

    private static final int MAX_SIZE = 1024 * 1024 - 100;

    private int localNodeId;
    private int localPid = -1;
    private long received;
    private boolean pipelined;

    public static void main(String[] args) throws Exception {
        boolean pipelined = args.length > 0 && args[0].equals("-p");
        int next = pipelined ? 1 : 0;
        long seconds = args.length > next ? Long.parseLong(args[next]) : 1;
        CpgBench bench = new CpgBench();
        bench.pipelined = pipelined;
        Cpg cpg = CpgClient.open(IpcEngineConnection.connect(io.chorus.samples.Samples.socket(), "cpg"), bench);
        bench.localNodeId = cpg.localGet();
        CpgGroup group = CpgGroup.of("cpg_bm");
        Retry.tryAgain(() -> {
            cpg.join(group);
            return null;
        });
        while (bench.localPid < 0) {
            cpg.dispatch(DispatchFlag.ONE);
        }
        for (int size = 64; size < MAX_SIZE; size *= 5) {
            bench.run(cpg, size, seconds * 1000);
        }
        cpg.close();
    }

    private void run(Cpg cpg, int size, long millis) throws ChorusException {
        ByteBuffer message = ByteBuffer.allocate(size);
        received = 0;
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            try {
                if (pipelined) {
                    cpg.mcastPipelined(CpgGuarantee.AGREED, message);
                } else {
                    cpg.mcastJoined(CpgGuarantee.AGREED, message);
                }
            } catch (ChorusException e) {
                if (!e.isTryAgain()) {
                    throw e;
                }
            }
            cpg.dispatch(DispatchFlag.ALL);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%5d messages received %5d bytes per write %7.3f Seconds runtime %9.3f TP/s %7.3f MB/s.%n",
                received, size, elapsed, received / elapsed, received * (double) size / elapsed / 1_000_000.0);
        // Drain what is still in flight so it does not count for the next size.
        long drainUntil = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < drainUntil) {
            cpg.dispatch(DispatchFlag.ALL);
        }
    }

    @Override
    public void deliver(CpgGroup group, int nodeid, int pid, ByteBuffer message) {
        if (nodeid == localNodeId && pid == localPid) {
            received++;
        }
    }

    @Override
    public void confchg(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left, List<CpgAddress> joined) {
        for (CpgAddress a : joined) {
            if (a.nodeid() == localNodeId && localPid < 0) {
                localPid = a.pid(); // our own join: the executive knows our pid from the socket
            }
        }
    }
}
