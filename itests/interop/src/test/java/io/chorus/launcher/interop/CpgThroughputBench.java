package io.chorus.launcher.interop;

import io.chorus.launcher.ExecutiveMain;
import io.chorus.transport.it.LineLog;
import io.chorus.transport.it.NodeProcess;
import io.chorus.transport.interop.InteropNet;
import io.chorus.transport.interop.CorosyncDaemon;
import io.chorus.transport.interop.SrpCounters;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgCallbacks;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgGuarantee;
import io.chorus.ipc.client.ChorusConnection;
import io.chorus.ipc.client.IpcEngineConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The CPG throughput benchmark (issue 5), run only with {@code -Pbench}: measures, asserts no speed.
 * <p>In one run: its own namespaces (3 nodes + bridge); 3 Chorus nodes ({@code ExecutiveMain}, udpu) with crypto off
 * and then with secauth (aes256/sha256), driven by an in-process {@link CpgClient} over node 1's IPC socket; then 3
 * Debian corosync 3.1.7 daemons (udpu; knet; knet with aes256/sha256) in the same namespaces, driven by
 * {@code src/test/c/chorus_cpgbench.c} compiled here with gcc against libcpg; then 3 JGroups 5 members
 * ({@link JGroupsBenchMember}, total order by SEQUENCER over UDP multicast and over TCP, stacks in
 * {@code src/test/resources/jgroups}) in the same namespaces. Each client (on node 1) joins one group, multicasts
 * AGREED messages back to back for {@code bench.seconds} per size (64 B, 1 KiB, 8 KiB, 64 KiB), retries TRY_AGAIN and
 * counts its own deliveries of that window's messages, then waits until they are all back; then it measures the idle
 * round trip: one 64 B message sent, waited for until delivered back, {@code bench.latency.count} times after
 * {@code bench.latency.warmup}. Totem settings are the defaults on both sides. The table goes to stdout and
 * {@code target/bench-results.txt}; {@code -Dbench.only=jgroups,corosync knet} runs only the columns named so.
 */
public class CpgThroughputBench {

    /**
     * The message sizes measured; {@code -Dbench.sizes=8192,65536} measures only those (to profile one window). Fewer
     * windows before one leave the node JVMs' JIT less warm: compare such runs with each other, not with full tables.
     */
    static final int[] SIZES = sizes(System.getProperty("bench.sizes", ""));

    static int[] sizes(String list) {
        return list.isBlank() ? new int[] {64, 1024, 8192, 65536}
                : Arrays.stream(list.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }

    static final int NODES = 3;
    static final long JOIN_MS = 60_000;
    static final String JGROUPS_UDP = "JGroups UDP+SEQUENCER";
    static final String JGROUPS_TCP = "JGroups TCP+SEQUENCER";
    static final int LATENCY_SIZE = 64;
    static final long LATENCY_MS = 120_000;
    private static final Pattern RESULT = Pattern.compile("RESULT size=(\\d+) delivered=(\\d+) seconds=([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("LATENCY p50_us=([0-9.]+) p99_us=([0-9.]+) n=(\\d+)");

    /** One window: own deliveries, its length, and the CPU time (us; NaN: not measured) the nodes and the client used. */
    record Result(long delivered, double seconds, double nodeCpuUs, double clientCpuUs, long tokens, long retransmits) {
        double rate() {
            return delivered / seconds;
        }

        /** ORF tokens node 1 received per second of the window (token rotations); NaN: not counted. */
        double tokenRate() {
            return tokens < 0 ? Double.NaN : tokens / seconds;
        }

        /** The nodes' CPU time per delivered message, in us. */
        double nodeCpuPerMsg() {
            return delivered == 0 ? Double.NaN : nodeCpuUs / delivered;
        }

        double clientCpuPerMsg() {
            return delivered == 0 ? Double.NaN : clientCpuUs / delivered;
        }
    }

    record Latency(double p50us, double p99us, int n) { }

    private final double seconds = Double.parseDouble(System.getProperty("bench.seconds", "2"));
    /** Seconds per size of the unrecorded warm-up pass each system gets before its measured windows. */
    private final double warmupSeconds = Double.parseDouble(System.getProperty("bench.warmup", "1"));
    private final int latencyCount = Integer.getInteger("bench.latency.count", 2000);
    /**
     * Round trips before the measured ones, for every system. The idle-ring path (one synchronous call, the token
     * fetched for one message, a blocking dispatch) is not what the throughput windows warm up: in a probe, five
     * consecutive rounds of 3 000 round trips on fresh Chorus nodes had p50 414, 207, 171, 146 and 82 us as the JIT
     * of the nodes and the client caught up. With 200 (and then 5 000) the first Java column, whose windows are all
     * pipelined, read 108-163 us while the next one, whose windows are synchronous calls, read 76-137 us.
     */
    private final int latencyWarmup = Integer.getInteger("bench.latency.warmup", 20000);
    /**
     * {@code -Dbench.only=jgroups,corosync knet}: only the columns whose names contain one of these (any case);
     * {@code =Chorus udpu}: only the column of exactly that name.
     */
    private final String only = System.getProperty("bench.only", "").trim();
    /** column name → size → result */
    private final Map<String, Map<Integer, Result>> table = new LinkedHashMap<>();
    /** column name → ORF tokens per second at node 1 with no load */
    private final Map<String, Double> idleTokenRate = new LinkedHashMap<>();
    /** column name → idle round trip */
    private final Map<String, Latency> latency = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** What went wrong in a Chorus column: noted in the table like the others, and then the bench fails. */
    private final List<String> chorusFailures = new ArrayList<>();

    @Test
    public void cpgThroughput() throws Exception {
        String why = InteropNet.unavailable();
        assumeTrue("bench skipped: " + why, why == null);
        assumeTrue("bench skipped: gcc is not installed", InteropNet.which("gcc") != null);
        Path work = NodeProcess.workDir("bench-" + System.currentTimeMillis());
        Path key = work.resolve("authkey");
        byte[] k = new byte[256];
        new SecureRandom().nextBytes(k);
        Files.write(key, k);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Path client = compileClient(work);
        try (InteropNet net = new InteropNet(NODES)) {
            net.setUp();
            log("namespaces " + net.prefix + "*, subnet " + net.subnet + ".0/24, work " + work + ", " + seconds + " s per size");
            rawUdp = iperf(net);
            if (wanted("Chorus udpu")) {
                runChorus(net, work.resolve("chorus-plain"), "Chorus udpu", null, true);
            }
            if (wanted(CHORUS_SYNC)) {
                runChorus(net, work.resolve("chorus-sync"), CHORUS_SYNC, null, false);
            }
            if (wanted("Chorus udpu+aes256")) {
                runChorus(net, work.resolve("chorus-secauth"), "Chorus udpu+aes256", key, true);
            }
            if (wanted("Corosync udpu")) {
                runCorosync(net, work.resolve("corosync-udpu"), "Corosync udpu", "udpu", null, client);
            }
            if (wanted("Corosync knet")) {
                runCorosync(net, work.resolve("corosync-knet"), "Corosync knet", "knet", null, client);
            }
            if (wanted("Corosync knet+aes256")) {
                runCorosync(net, work.resolve("corosync-knet-aes"), "Corosync knet+aes256", "knet", key, client);
            }
            if (wanted(JGROUPS_UDP)) {
                runJGroups(net, work.resolve("jgroups-udp"), JGROUPS_UDP, "jgroups/bench-udp-sequencer.xml");
            }
            if (wanted(JGROUPS_TCP)) {
                runJGroups(net, work.resolve("jgroups-tcp"), JGROUPS_TCP, "jgroups/bench-tcp-sequencer.xml");
            }
        } finally {
            String text = render();
            System.out.println(text);
            Path out = Path.of(System.getProperty("bench.results",
                    Path.of(System.getProperty("it.work", "target/it-work")).getParent().resolve("bench-results.txt").toString()));
            Files.writeString(out, text, StandardCharsets.UTF_8);
            log("written to " + out.toAbsolutePath());
        }
        assertTrue("Chorus failed in the bench (the table above has the rest): " + chorusFailures,
                chorusFailures.isEmpty());
    }

    private boolean wanted(String column) {
        if (only.isEmpty()) {
            return true;
        }
        String name = column.toLowerCase(Locale.ROOT);
        for (String w : only.split(",")) {
            String want = w.trim().toLowerCase(Locale.ROOT);
            if (want.startsWith("=") ? name.equals(want.substring(1).trim()) : !want.isEmpty() && name.contains(want)) {
                return true;
            }
        }
        return false;
    }

    // ---- configuration shared by both sides

    /**
     * Totem keys added to every system's totem section alike ({@code -Dbench.totem="window_size: 300,max_messages: 100"},
     * comma-separated): the issue allows tuning as long as Chorus and Corosync get the same settings.
     */
    private static final String TOTEM_EXTRA = System.getProperty("bench.totem", "").trim();

    private static String config(InteropNet net, Path dir, String transport, Path key) {
        StringBuilder b = new StringBuilder();
        b.append("totem {\n    version: 2\n    cluster_name: chrbench\n    transport: ").append(transport).append('\n');
        for (String kv : TOTEM_EXTRA.split(",")) {
            if (!kv.isBlank()) {
                b.append("    ").append(kv.trim()).append('\n');
            }
        }
        if (key == null) {
            b.append("    crypto_cipher: none\n    crypto_hash: none\n");
        } else {
            if (!transport.equals("knet")) {
                b.append("    secauth: on\n");
            }
            b.append("    crypto_cipher: aes256\n    crypto_hash: sha256\n    keyfile: ").append(key).append('\n');
        }
        b.append("    interface {\n        linknumber: 0\n        mcastport: 5405\n    }\n}\nnodelist {\n");
        for (int id = 1; id <= NODES; id++) {
            b.append("    node {\n        ring0_addr: ").append(net.address(id)).append("\n        nodeid: ").append(id)
                    .append("\n        name: n").append(id).append("\n    }\n");
        }
        b.append("}\nquorum {\n    provider: corosync_votequorum\n}\n");
        b.append("logging {\n    to_stderr: no\n    to_logfile: yes\n    logfile: ").append(dir.resolve("corosync.log"))
                .append("\n    to_syslog: no\n    timestamp: hires\n    debug: off\n}\n");
        b.append("system {\n    state_dir: ").append(dir.resolve("state")).append("\n}\n");
        return b.toString();
    }

    // ---- Chorus

    /**
     * One Chorus column; the client sends with {@code Cpg.mcastPipelined} when {@code pipelined} (Chorus's streaming
     * call: no wait per message, no TRY_AGAIN), else with {@code mcastJoined}, one call at a time as libcpg does.
     */
    private void runChorus(InteropNet net, Path work, String column, Path key, boolean pipelined) throws Exception {
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int id = 1; id <= NODES; id++) {
                Path dir = work.resolve("n" + id);
                Files.createDirectories(dir.resolve("state"));
                Files.writeString(dir.resolve("corosync.conf"), config(net, dir, "udpu", key));
                nodes.add(NodeProcess.start("chorus-" + id, dir.resolve("chorus.out"), net.node(id),
                        ExecutiveMain.class.getName(), 128,
                        List.of("-c", dir.resolve("corosync.conf").toString(), "--nodeid", Integer.toString(id),
                                "--state-dir", dir.resolve("state").toString(),
                                "--ipc-socket", dir.resolve("chorus.sock").toString())));
            }
            for (NodeProcess p : nodes) {
                p.await("SYNC COMPLETED members=1,2,3", 0, JOIN_MS,
                        l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=1,2,3"));
            }
            log(column + ": 3 nodes synced; client on node 1");
            List<Integer> before = new ArrayList<>();
            for (NodeProcess p : nodes) {
                before.add(p.lines("SYNC COMPLETED").size());
            }
            try (JavaClient c = new JavaClient(work.resolve("n1").resolve("chorus.sock"), work.resolve("client.out"),
                    pipelined)) {
                measure(column, c, nodes.stream().map(NodeProcess::pid).toList(), ProcessHandle.current().pid(),
                        chorusCounters(nodes.get(0)));
            }
            checkNoMembershipChange(column, nodes, before);
        } catch (Exception | AssertionError e) {
            notes.add(column + " failed: " + e);
            chorusFailures.add(column + " failed: " + e);
            log(column + " FAILED: " + e);
        } finally {
            for (NodeProcess p : nodes) {
                p.kill();
            }
        }
    }

    private void checkNoMembershipChange(String column, List<NodeProcess> nodes, List<Integer> before) {
        for (int i = 0; i < nodes.size(); i++) {
            int n = nodes.get(i).lines("SYNC COMPLETED").size() - before.get(i);
            if (n != 0) {
                String what = column + ": " + nodes.get(i) + " completed " + n + " more sync rounds during the measurement";
                notes.add(what);
                chorusFailures.add(what);
            }
        }
    }

    /**
     * A command-driven client (the bench's side of {@link #measure}): takes {@code T SIZE SECONDS}, {@code L COUNT
     * WARMUP SIZE} and {@code Q} lines and answers with lines ({@code RESULT}, {@code LATENCY}, {@code READY},
     * {@code ERROR}) like {@code chorus_cpgbench -i} and {@link JGroupsBenchMember}.
     */
    interface Driver {
        void command(String line) throws IOException;

        int lineCount();

        String await(String what, int from, long millis, Predicate<String> p) throws InterruptedException;
    }

    /** A {@link Driver} whose answers are the lines of a {@link LineLog}. */
    abstract static class Lines implements Driver {
        private final LineLog lines;

        Lines(String name, Path log) throws IOException {
            this.lines = new LineLog(name, log, this::state);
        }

        void add(String line) {
            lines.add(line);
        }

        abstract String state();

        @Override
        public int lineCount() {
            return lines.lineCount();
        }

        @Override
        public String await(String what, int from, long millis, Predicate<String> p) throws InterruptedException {
            return lines.await(what, from, millis, p);
        }

        void closeLog() {
            lines.close();
        }
    }

    /** {@link NodeProcess} (the JGroups sender) as a {@link Driver}. */
    static Driver driver(NodeProcess p) {
        return new Driver() {
            @Override
            public void command(String line) throws IOException {
                p.command(line);
            }

            @Override
            public int lineCount() {
                return p.lineCount();
            }

            @Override
            public String await(String what, int from, long millis, Predicate<String> pr) throws InterruptedException {
                return p.await(what, from, millis, pr);
            }
        };
    }

    /**
     * An out-of-process CPG client of one Chorus node (in this JVM, over the node's Unix socket), run by its own thread
     * as a {@link Driver}. The first 8 bytes of every message are a tag: negative for a throughput window, else a
     * latency probe's sequence number.
     */
    static final class JavaClient extends Lines implements CpgCallbacks, AutoCloseable {
        private final Path socket;
        private final boolean pipelined;
        private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        private final Thread thread;
        private Cpg cpg;
        private int localNodeId;
        private int localPid = -1;
        private long window;
        private long windowDelivered;
        private long lastSeq = -1;

        JavaClient(Path socket, Path log, boolean pipelined) throws IOException {
            super("java-client", log);
            this.socket = socket;
            this.pipelined = pipelined;
            thread = new Thread(this::loop, "bench-cpg-client");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void command(String line) {
            commands.add(line);
        }

        @Override
        String state() {
            return thread.isAlive() ? "running" : "ended";
        }

        private void loop() {
            try {
                join();
                add("READY");
                while (true) {
                    String[] w = commands.take().trim().split("\\s+");
                    switch (w[0]) {
                        case "T" -> throughput(Integer.parseInt(w[1]), Double.parseDouble(w[2]));
                        case "L" -> latency(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]));
                        case "Q" -> {
                            return;
                        }
                        default -> add("ERROR unknown command " + String.join(" ", w));
                    }
                    add("READY");
                }
            } catch (InterruptedException e) {
                add("ERROR interrupted");
            } catch (Exception | AssertionError e) {
                add("ERROR " + e);
            }
        }

        private void join() throws Exception {
            cpg = CpgClient.open(IpcEngineConnection.connect(socket, "cpg"), this);
            localNodeId = cpg.localGet();
            CpgGroup group = CpgGroup.of("chorus_bench");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    cpg.join(group);
                    break;
                } catch (ChorusException e) {
                    if (!e.isTryAgain() || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(10);
                }
            }
            while (localPid < 0 && System.nanoTime() < deadline) {
                cpg.dispatch(DispatchFlag.ALL);
                Thread.sleep(1);
            }
            if (localPid < 0) {
                throw new AssertionError("no confchg for our own join");
            }
        }

        private void throughput(int size, double seconds) throws Exception {
            ByteBuffer message = ByteBuffer.allocate(Math.max(size, 8));
            window--;
            message.putLong(0, window);
            windowDelivered = 0;
            long sent = 0;
            long tryAgain = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                try {
                    message.clear();
                    if (pipelined) {
                        cpg.mcastPipelined(CpgGuarantee.AGREED, message);
                    } else {
                        cpg.mcastJoined(CpgGuarantee.AGREED, message);
                    }
                    sent++;
                    cpg.dispatch(DispatchFlag.ALL);
                } catch (ChorusException e) {
                    if (!e.isTryAgain()) {
                        throw e;
                    }
                    tryAgain++;
                    if (cpg.dispatch(DispatchFlag.ALL) == 0) {
                        Thread.sleep(0, 200_000);
                    }
                }
            }
            long delivered = windowDelivered;
            double t = (System.nanoTime() - start) / 1e9;
            add(String.format(Locale.ROOT, "RESULT size=%d delivered=%d seconds=%.6f sent=%d tryagain=%d", size,
                    delivered, t, sent, tryAgain));
            // the next window starts on an idle ring: wait (bounded) until every message of this one is back
            long drainStart = System.nanoTime();
            long drainEnd = drainStart + TimeUnit.SECONDS.toNanos(15);
            while (windowDelivered < sent && System.nanoTime() < drainEnd) {
                if (cpg.dispatch(DispatchFlag.ALL) == 0) {
                    Thread.sleep(1);
                }
            }
            add("DRAINED delivered=" + windowDelivered + " of " + sent + " in "
                    + (System.nanoTime() - drainStart) / 1_000_000 + " ms");
        }

        private void latency(int count, int warmup, int size) throws Exception {
            ByteBuffer message = ByteBuffer.allocate(Math.max(size, 8));
            long[] rtt = new long[count];
            for (int i = 0; i < warmup + count; i++) {
                message.putLong(0, i);
                long t0 = System.nanoTime();
                while (true) {
                    try {
                        message.clear();
                        cpg.mcastJoined(CpgGuarantee.AGREED, message);
                        break;
                    } catch (ChorusException e) {
                        if (!e.isTryAgain()) {
                            throw e;
                        }
                        cpg.dispatch(DispatchFlag.ALL);
                    }
                }
                while (lastSeq != i) {
                    cpg.dispatch(DispatchFlag.ONE); // waits; the bench closes the handle if it waits too long
                }
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    rtt[i - warmup] = t1 - t0;
                }
            }
            add(latencyLine(rtt));
        }

        @Override
        public void deliver(CpgGroup group, int nodeid, int pid, ByteBuffer message) {
            if (nodeid == localNodeId && pid == localPid && message.remaining() >= 8) {
                long tag = message.getLong(message.position());
                if (tag < 0) {
                    if (tag == window) {
                        windowDelivered++;
                    }
                } else {
                    lastSeq = tag;
                }
            }
        }

        @Override
        public void confchg(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left, List<CpgAddress> joined) {
            for (CpgAddress a : joined) {
                if (a.nodeid() == localNodeId && localPid < 0) {
                    localPid = a.pid();
                }
            }
        }

        @Override
        public void close() {
            commands.add("Q");
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                if (cpg != null) {
                    cpg.close();
                }
            } catch (Exception ignored) {
                // the node is about to be killed anyway
            }
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeLog();
        }
    }

    /** {@code LATENCY p50_us=.. p99_us=.. n=..} of round trips in ns (as the C client and the JGroups member print). */
    static String latencyLine(long[] rtt) {
        long[] v = rtt.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "LATENCY p50_us=%.1f p99_us=%.1f n=%d", JGroupsBenchMember.rank(v, 50) / 1e3,
                JGroupsBenchMember.rank(v, 99) / 1e3, v.length);
    }

    /** {@code chorus_cpgbench -i} in the namespaces of a corosync daemon, as a {@link Driver}. */
    static final class CClient extends Lines implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final Thread reader;

        CClient(List<String> cmd, Path log) throws IOException {
            super("c-client", log);
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        add(line);
                    }
                } catch (IOException ignored) {
                    // the client died
                }
                add("EXITED");
            }, "c-client-out");
            reader.setDaemon(true);
            reader.start();
        }

        long pid() {
            return process.pid();
        }

        @Override
        String state() {
            return process.isAlive() ? "alive" : "exit code " + process.exitValue();
        }

        @Override
        public void command(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        @Override
        public void close() {
            try {
                if (process.isAlive()) {
                    command("Q");
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(5, TimeUnit.SECONDS);
                    }
                }
                reader.join(2000);
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
            closeLog();
        }
    }

    /**
     * The measurement, the same for every system: the client {@code d} (sender on node 1) runs one throughput window
     * per size, then the idle round trips. Around each window, the CPU time of the node processes {@code nodes} and
     * of the client process {@code client} (-1: none apart from the nodes) is read from /proc.
     */
    private void measure(String column, Driver d, List<Long> nodes, long client, RingCounters counters) throws Exception {
        Map<Integer, Result> col = new LinkedHashMap<>();
        table.put(column, col);
        if (counters != null) {
            long t0 = counters.read().tokens();
            long start = System.nanoTime();
            Thread.sleep(2000);
            long t1 = counters.read().tokens();
            idleTokenRate.put(column, (t1 - t0) / ((System.nanoTime() - start) / 1e9));
        }
        StringBuilder who = new StringBuilder();
        for (long pid : nodes) {
            who.append(' ').append(pid).append('(').append(comm(pid)).append(')');
        }
        log(column + ": CPU of nodes" + who + (client < 0 ? "" : ", client " + client + "(" + comm(client) + ")"));
        int from = awaitReady(d, 0);
        // Every system gets the same unrecorded pass first: JIT-compiled code (Chorus, JGroups) is measured warm,
        // as a long-running node is; the C daemons lose nothing by it.
        for (int size : SIZES) {
            if (warmupSeconds > 0) {
                d.command(String.format(Locale.ROOT, "T %d %s", size, warmupSeconds));
                d.await("warm-up RESULT size=" + size, from, (long) (warmupSeconds * 1000) + 60_000,
                        l -> l.startsWith("RESULT ") || l.startsWith("ERROR") || l.equals("EXITED"));
                from = awaitReady(d, from);
            }
        }
        for (int size : SIZES) {
            RingCount ring0 = counters == null ? null : counters.read();
            long nodes0 = cpuTicks(nodes);
            long client0 = client < 0 ? 0 : cpuTicks(List.of(client));
            d.command(String.format(Locale.ROOT, "T %d %s", size, seconds));
            String line = d.await("RESULT size=" + size, from, (long) (seconds * 1000) + 60_000,
                    l -> l.startsWith("RESULT ") || l.startsWith("ERROR") || l.equals("EXITED"));
            long nodes1 = cpuTicks(nodes);
            long client1 = client < 0 ? 0 : cpuTicks(List.of(client));
            RingCount ring1 = counters == null ? null : counters.read();
            Matcher m = RESULT.matcher(line);
            if (!m.find()) {
                throw new AssertionError(column + ": " + line);
            }
            Result r = new Result(Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)),
                    (nodes1 - nodes0) * 1e6 / CLK_TCK, client < 0 ? Double.NaN : (client1 - client0) * 1e6 / CLK_TCK,
                    ring0 == null ? -1 : ring1.tokens() - ring0.tokens(),
                    ring0 == null ? -1 : ring1.retransmits() - ring0.retransmits());
            col.put(size, r);
            log(String.format(Locale.ROOT, "%s %6d B: %d delivered in %.3f s = %.0f msg/s, CPU %.1f us/msg nodes%s%s (%s)",
                    column, size, r.delivered, r.seconds, r.rate(), r.nodeCpuPerMsg(), client < 0 ? ""
                            : String.format(Locale.ROOT, ", %.1f us/msg client", r.clientCpuPerMsg()),
                    r.tokens < 0 ? "" : String.format(Locale.ROOT, ", %d tokens, %d retransmits at node 1", r.tokens,
                            r.retransmits), line));
            from = awaitReady(d, from);
        }
        d.command(String.format(Locale.ROOT, "L %d %d %d", latencyCount, latencyWarmup, LATENCY_SIZE));
        String line = d.await("LATENCY", from, LATENCY_MS,
                l -> l.startsWith("LATENCY ") || l.startsWith("ERROR") || l.equals("EXITED"));
        Matcher m = LATENCY.matcher(line);
        if (!m.find()) {
            throw new AssertionError(column + ": " + line);
        }
        latency.put(column, new Latency(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Integer.parseInt(m.group(3))));
        log(column + " idle round trip, " + LATENCY_SIZE + " B: " + line);
        awaitReady(d, from);
    }

    /** Raw UDP throughput node 1 → node 2 over the bridge, MB/s received (NaN: iperf3 missing or failed). */
    private double rawUdp = Double.NaN;

    /**
     * {@code iperf3 -u -b 0 -l 1400} (datagrams of a full Totem packet's size, no rate limit) from node 1 to node 2
     * for 2 s: what the bridge carries, the yardstick of the "64 KiB at ≥ 50 % of raw UDP" target.
     */
    private double iperf(InteropNet net) throws Exception {
        if (InteropNet.which("iperf3") == null) {
            notes.add("iperf3 is not installed (apt-get install iperf3): no raw UDP figure");
            return Double.NaN;
        }
        Process server = new ProcessBuilder("ip", "netns", "exec", net.node(2), "iperf3", "-s", "-1", "-B", net.address(2))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(500);
            InteropNet.Output out = InteropNet.output("ip", "netns", "exec", net.node(1), "iperf3", "-c", net.address(2),
                    "-u", "-b", "0", "-l", "1400", "-t", "2", "-J");
            Matcher m = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bytes\"\\s*:\\s*(\\d+)[^}]*?\"seconds\"\\s*:\\s*([0-9.]+)|"
                    + "\"sum_received\"\\s*:\\s*\\{[^}]*?\"seconds\"\\s*:\\s*([0-9.]+)[^}]*?\"bytes\"\\s*:\\s*(\\d+)")
                    .matcher(out.text());
            if (out.rc() != 0 || !m.find()) {
                notes.add("iperf3 failed (rc " + out.rc() + ")");
                return Double.NaN;
            }
            double bytes = Double.parseDouble(m.group(1) != null ? m.group(1) : m.group(4));
            double secs = Double.parseDouble(m.group(2) != null ? m.group(2) : m.group(3));
            double mbps = bytes / secs / 1e6;
            log(String.format(Locale.ROOT, "raw UDP (iperf3, 1400-B datagrams, node 1 -> node 2): %.1f MB/s received", mbps));
            return mbps;
        } finally {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A node's count of ORF tokens received (Totem's token rotations as that node sees them) and of the multicasts it
     * retransmitted (node 1 originates every message, so it answers every retransmit request).
     */
    record RingCount(long tokens, long retransmits) {
    }

    /** Reads a node's {@link RingCount}. */
    interface RingCounters {
        RingCount read() throws Exception;
    }

    private static final Pattern STATUS_TOKENS = Pattern.compile(" tokens=(\\d+)");
    private static final Pattern STATUS_RETRANSMITS = Pattern.compile(" retransmits=(\\d+)");

    /** {@code status} on an ExecutiveMain's stdin: its {@code tokens=} and {@code retransmits=} counters. */
    static RingCounters chorusCounters(NodeProcess node) {
        return () -> {
            int from = node.lineCount();
            node.command("status");
            String line = node.await("STATUS", from, 10_000, l -> l.startsWith("STATUS "));
            return new RingCount(statusField(STATUS_TOKENS, line), statusField(STATUS_RETRANSMITS, line));
        };
    }

    private static long statusField(Pattern field, String line) {
        Matcher m = field.matcher(line);
        if (!m.find()) {
            throw new AssertionError("no" + field.pattern().replace("(\\d+)", "") + " in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    /** {@code stats.srp.orf_token_rx} and {@code stats.srp.mcast_retx} of a daemon, from one {@link SrpCounters#read}. */
    static RingCounters corosyncCounters(CorosyncDaemon daemon) {
        return () -> {
            Map<String, Long> srp = SrpCounters.read(List.of(daemon)).get(daemon.nodeId);
            if (srp == null) {
                throw new AssertionError(daemon + " is not running: no stats.srp counters");
            }
            return new RingCount(srp.get("orf_token_rx"), srp.get("mcast_retx"));
        };
    }

    /** Clock ticks per second of /proc/PID/stat's utime and stime ({@code getconf CLK_TCK}; 100 if that fails). */
    static final long CLK_TCK = clockTicks();

    private static long clockTicks() {
        try {
            InteropNet.Output o = InteropNet.output("getconf", "CLK_TCK");
            return o.rc() == 0 ? Long.parseLong(o.text().strip()) : 100;
        } catch (Exception | Error e) {
            return 100;
        }
    }

    /** utime + stime of the processes (all their threads), in clock ticks, from /proc/PID/stat. */
    static long cpuTicks(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after "(comm)": state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return sum;
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Waits for the client's READY (or its error) from line {@code from} on; returns where the next answer starts. */
    private static int awaitReady(Driver d, int from) throws InterruptedException {
        String line = d.await("READY", from, 60_000,
                l -> l.equals("READY") || l.startsWith("ERROR") || l.equals("EXITED"));
        if (!line.equals("READY")) {
            throw new AssertionError("client: " + line);
        }
        return d.lineCount();
    }

    // ---- Corosync

    private static Path compileClient(Path work) throws Exception {
        Path src = Path.of(System.getProperty("bench.csrc", "src/test/c/chorus_cpgbench.c"));
        Path bin = work.resolve("chorus_cpgbench");
        InteropNet.Output o = InteropNet.output("gcc", "-O2", "-Wall", "-o", bin.toString(), src.toString(), "-lcpg",
                "-lm");
        if (o.rc() != 0) {
            throw new AssertionError("gcc failed (apt-get install libcpg-dev gcc):\n" + o.text());
        }
        return bin;
    }

    private void runCorosync(InteropNet net, Path work, String column, String transport, Path key, Path client)
            throws Exception {
        List<CorosyncDaemon> daemons = new ArrayList<>();
        CClient c = null;
        try {
            for (int id = 1; id <= NODES; id++) {
                Path dir = work.resolve("n" + id);
                Files.createDirectories(dir.resolve("state"));
                Files.writeString(dir.resolve("corosync.conf"), config(net, dir, transport, key));
                CorosyncDaemon d = new CorosyncDaemon(id, net.node(id), dir);
                daemons.add(d);
                d.start();
            }
            for (CorosyncDaemon d : daemons) {
                d.awaitMembers(Set.of(1, 2, 3), JOIN_MS);
            }
            CorosyncDaemon d1 = daemons.get(0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!d1.syncCompletedAfter(d1.lastRing())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("corosync 1 did not complete sync; see " + d1.log());
                }
                Thread.sleep(200);
            }
            int rings = d1.memberships().size();
            log(column + ": 3 daemons joined and synced; C client on node 1");
            c = new CClient(List.of("nsenter", "-t", Long.toString(d1.pid()), "-n", "-m", client.toString(), "-i"),
                    work.resolve("client.out"));
            measure(column, c, daemons.stream().map(CorosyncDaemon::pid).toList(), c.pid(),
                    corosyncCounters(daemons.get(0)));
            if (d1.memberships().size() != rings) {
                notes.add(column + ": membership changed during the run (" + d1.memberships().size() + " rings)");
            }
        } catch (Exception | AssertionError e) {
            notes.add(column + " failed: " + e);
            log(column + " FAILED: " + e);
        } finally {
            if (c != null) {
                c.close();
            }
            for (CorosyncDaemon d : daemons) {
                try {
                    if (!d.stop(3000)) {
                        d.kill();
                    }
                } catch (Exception e) {
                    d.kill();
                }
            }
        }
    }

    // ---- JGroups

    /**
     * Three {@link JGroupsBenchMember} JVMs, one per namespace, on {@code stack}; node 2 is started first so that it
     * is the coordinator (SEQUENCER's sequencer) and the sender on node 1 is an ordinary member: its messages go to the
     * sequencer and come back, instead of being delivered to itself without leaving the process.
     */
    private void runJGroups(InteropNet net, Path work, String column, String stack) throws Exception {
        List<NodeProcess> members = new ArrayList<>();
        try {
            Files.createDirectories(work);
            StringBuilder hosts = new StringBuilder();
            for (int id = 1; id <= NODES; id++) {
                hosts.append(hosts.length() == 0 ? "" : ",").append(net.address(id)).append("[7800]");
            }
            int[] order = {2, 3, 1};
            NodeProcess sender = null;
            for (int id : order) {
                NodeProcess p = startJGroupsMember("jgroups-" + id, work.resolve("n" + id + ".out"), net.node(id),
                        List.of("stack=" + stack, "name=n" + id, "bind=" + net.address(id), "mcast=" + net.mcastAddress(),
                                "hosts=" + hosts));
                members.add(p);
                p.await("READY", 0, JOIN_MS, l -> l.equals("READY"));
                if (id == 1) {
                    sender = p;
                }
            }
            for (NodeProcess p : members) {
                p.await("VIEW size=3", 0, JOIN_MS, l -> l.startsWith("VIEW size=3 "));
            }
            log(column + ": 3 members in one view (coordinator n2); sender on node 1");
            List<Integer> views = new ArrayList<>();
            for (NodeProcess p : members) {
                views.add(p.lines("VIEW").size());
            }
            measure(column, driver(sender), members.stream().map(NodeProcess::pid).toList(), -1, null);
            for (int i = 0; i < members.size(); i++) {
                int n = members.get(i).lines("VIEW").size() - views.get(i);
                if (n != 0) {
                    notes.add(column + ": " + members.get(i) + " installed " + n + " more views during the measurement");
                }
            }
            for (NodeProcess p : members) {
                p.command("Q");
            }
            for (NodeProcess p : members) {
                p.await("CLOSED", 0, 5_000, l -> l.equals("CLOSED"));
            }
        } catch (Exception | AssertionError e) {
            notes.add(column + " failed: " + e);
            log(column + " FAILED: " + e);
        } finally {
            for (NodeProcess p : members) {
                p.kill();
            }
        }
    }

    /**
     * {@link NodeProcess#start} with the test classpath ({@code bench.test.classes} and {@code bench.classpath.file}):
     * the member and JGroups are test-scope only, so not on the runtime classpath that ExecutiveMain uses.
     */
    private static NodeProcess startJGroupsMember(String name, Path log, String netns, List<String> args)
            throws Exception {
        String classes = System.getProperty("it.classes");
        String file = System.getProperty("it.classpath.file");
        try {
            System.setProperty("it.classes", System.getProperty("bench.test.classes", "target/test-classes")
                    + java.io.File.pathSeparator + System.getProperty("it.classes", "target/classes"));
            System.setProperty("it.classpath.file", System.getProperty("bench.classpath.file", "target/bench-classpath.txt"));
            return NodeProcess.start(name, log, netns, JGroupsBenchMember.class.getName(), 256, args);
        } finally {
            restore("it.classes", classes);
            restore("it.classpath.file", file);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    // ---- the table

    /** One row of the table: a label, each column's cell and the value its ratios are taken of. */
    private record Row(String label, Function<String, String> cell, ToDoubleFunction<String> value, boolean higherIsBetter) { }

    private static final String CHORUS = "Chorus udpu";
    private static final String CHORUS_SYNC = "Chorus udpu sync";
    private static final String[][] RATIOS = {
        {"Chorus/Corosync udpu", CHORUS, "Corosync udpu"},
        {"Chorus/Corosync knet", CHORUS, "Corosync knet"},
        {"Chorus/best JGroups", CHORUS, null},
        {"Chorus+aes/knet+aes", "Chorus udpu+aes256", "Corosync knet+aes256"},
    };
    private static final int CELL = 26;

    /** Token rotations per second and the rotation time they mean. */
    private static String tokenCell(double perSecond) {
        return Double.isNaN(perSecond) || perSecond <= 0 ? "-"
                : String.format(Locale.ROOT, "%7.0f rot/s %7.0f us", perSecond, 1e6 / perSecond);
    }

    private String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "CPG throughput, 3 nodes in network namespaces (veth + bridge), 1 sender on node 1, "
                + "AGREED, own deliveries counted, %.1f s per size, totem settings: " + (TOTEM_EXTRA.isEmpty()
                ? "the defaults (netmtu 1500, window_size 50, max_messages 17)" : TOTEM_EXTRA + ", the rest default, for every system")
                + "; JGroups 5 total order (SEQUENCER, coordinator on node 2); %d CPUs%n", seconds,
                Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "latency: idle round trip of one %d B message to its own delivery, %d after %d "
                + "warm-up, p50/p99 in us%n", LATENCY_SIZE, latencyCount, latencyWarmup));
        b.append(String.format(Locale.ROOT, "cpu: utime+stime (/proc/PID/stat, %d ticks/s) over the window per delivered "
                + "message, after an unrecorded " + warmupSeconds + " s warm-up pass per size; of the 3 node processes (daemons / JVMs), '+ cl' the client's (Chorus: the bench JVM holding "
                + "the CpgClient; Corosync: chorus_cpgbench; JGroups: the sender is a member)%n", CLK_TCK));
        b.append("Chorus columns send with Cpg.mcastPipelined (up to " + ChorusConnection.POST_WINDOW + " msgs / "
                + (ChorusConnection.POST_WINDOW_BYTES >> 20) + " MiB unanswered per handle, never TRY_AGAIN); '"
                + CHORUS_SYNC + "' with mcastJoined, one synchronous call per message like libcpg's cpg_mcast_joined; "
                + "node JVMs with -XX:+UseSerialGC and the full JIT\n");
        b.append("tokens: ORF tokens node 1 received per second (Chorus: ExecutiveMain status tokens=; Corosync: "
                + "stats.srp.orf_token_rx) with no load for 2 s and during each window, and the rotation time that means; "
                + "retx: multicasts node 1 retransmitted during the window (status retransmits=; stats.srp.mcast_retx)\n");
        if (!Double.isNaN(rawUdp)) {
            StringBuilder share = new StringBuilder();
            for (String c : table.keySet()) {
                Result r = table.get(c).get(65536);
                if (r != null) {
                    share.append(String.format(Locale.ROOT, "; %s %.0f %%", c, 100 * r.rate() * 65536 / 1e6 / rawUdp));
                }
            }
            b.append(String.format(Locale.ROOT, "raw UDP over the bridge (iperf3 -u -b 0 -l 1400, 2 s, node 1 -> node 2): "
                    + "%.1f MB/s received; 64 KiB throughput as a share of it%s%n", rawUdp, share));
            b.append("(iperf3 sends one datagram per syscall; Chorus sends a token's equal-sized packets with UDP segmentation"
                    + " offload, one send per run and peer, the same datagrams on the wire, so it can pass that figure;"
                    + " JGroups TCP has the kernel's TCP segmentation)\n");
        }
        b.append("ratios: Chorus's value / the other's (throughput: >1 Chorus faster; latency, cpu (nodes + client): "
                + ">1 Chorus slower / costlier); best JGroups = the better of UDP and TCP per row\n");
        List<String> cols = new ArrayList<>(table.keySet());
        List<Row> rows = new ArrayList<>();
        for (int size : SIZES) {
            rows.add(new Row(size + " B", c -> {
                Result r = table.get(c).get(size);
                return r == null ? "-" : String.format(Locale.ROOT, "%8.0f msg/s %6.2f MB/s", r.rate(), r.rate() * size / 1e6);
            }, c -> {
                Result r = table.get(c).get(size);
                return r == null ? Double.NaN : r.rate();
            }, true));
        }
        rows.add(new Row("lat p50", c -> latencyCell(c, true), c -> latencyValue(c, true), false));
        rows.add(new Row("lat p99", c -> latencyCell(c, false), c -> latencyValue(c, false), false));
        for (int size : SIZES) {
            rows.add(new Row("cpu " + size + " B", c -> {
                Result r = table.get(c).get(size);
                if (r == null || Double.isNaN(r.nodeCpuPerMsg())) {
                    return "-";
                }
                return Double.isNaN(r.clientCpuPerMsg())
                        ? String.format(Locale.ROOT, "%8.1f us/msg", r.nodeCpuPerMsg())
                        : String.format(Locale.ROOT, "%8.1f us/msg +%6.1f cl", r.nodeCpuPerMsg(), r.clientCpuPerMsg());
            }, c -> {
                Result r = table.get(c).get(size);
                return r == null ? Double.NaN
                        : r.nodeCpuPerMsg() + (Double.isNaN(r.clientCpuPerMsg()) ? 0 : r.clientCpuPerMsg());
            }, false));
        }
        rows.add(new Row("tokens idle", c -> tokenCell(idleTokenRate.getOrDefault(c, Double.NaN)),
                c -> idleTokenRate.getOrDefault(c, Double.NaN), true));
        for (int size : SIZES) {
            rows.add(new Row("tokens " + size + " B", c -> {
                Result r = table.get(c).get(size);
                return tokenCell(r == null ? Double.NaN : r.tokenRate());
            }, c -> {
                Result r = table.get(c).get(size);
                return r == null ? Double.NaN : r.tokenRate();
            }, true));
        }
        for (int size : SIZES) {
            rows.add(new Row("retx " + size + " B", c -> {
                Result r = table.get(c).get(size);
                return r == null || r.retransmits < 0 ? "-" : String.format(Locale.ROOT, "%8d retransmits", r.retransmits);
            }, c -> Double.NaN, false));
        }
        b.append(String.format(Locale.ROOT, "%-14s", ""));
        for (String c : cols) {
            b.append(String.format(Locale.ROOT, " | %-" + CELL + "s", c));
        }
        for (String[] r : RATIOS) {
            b.append(" | ").append(r[0]);
        }
        b.append('\n');
        for (Row row : rows) {
            b.append(String.format(Locale.ROOT, "%-14s", row.label));
            for (String c : cols) {
                b.append(String.format(Locale.ROOT, " | %-" + CELL + "s", row.cell.apply(c)));
            }
            for (String[] r : RATIOS) {
                b.append(String.format(Locale.ROOT, " | %" + r[0].length() + "s", ratio(row, r[1], r[2])));
            }
            b.append('\n');
        }
        for (String n : notes) {
            b.append("NOTE ").append(n).append('\n');
        }
        return b.toString();
    }

    private String latencyCell(String column, boolean p50) {
        Latency l = latency.get(column);
        return l == null ? "-" : String.format(Locale.ROOT, "%10.1f us", p50 ? l.p50us : l.p99us);
    }

    private double latencyValue(String column, boolean p50) {
        Latency l = latency.get(column);
        return l == null ? Double.NaN : p50 ? l.p50us : l.p99us;
    }

    /** {@code a}'s value over {@code c}'s; {@code c == null}: over the better of the JGroups columns. */
    private String ratio(Row row, String a, String c) {
        double x = table.containsKey(a) ? row.value.applyAsDouble(a) : Double.NaN;
        double y;
        if (c == null) {
            double u = table.containsKey(JGROUPS_UDP) ? row.value.applyAsDouble(JGROUPS_UDP) : Double.NaN;
            double t = table.containsKey(JGROUPS_TCP) ? row.value.applyAsDouble(JGROUPS_TCP) : Double.NaN;
            y = Double.isNaN(u) ? t : Double.isNaN(t) ? u : row.higherIsBetter ? Math.max(u, t) : Math.min(u, t);
        } else {
            y = table.containsKey(c) ? row.value.applyAsDouble(c) : Double.NaN;
        }
        if (Double.isNaN(x) || Double.isNaN(y) || y == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", x / y);
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
    }
}
