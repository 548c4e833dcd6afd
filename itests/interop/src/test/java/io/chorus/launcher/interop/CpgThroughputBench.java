package io.chorus.launcher.interop;

import io.chorus.launcher.ExecutiveMain;
import io.chorus.transport.it.NodeProcess;
import io.chorus.transport.interop.InteropNet;
import io.chorus.transport.interop.CorosyncDaemon;

import static org.junit.Assume.assumeTrue;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The first CPG throughput benchmark (issue 5 item 5), run only with {@code -Pbench}: measures, asserts no speed.
 * <p>In one run: its own namespaces (3 nodes + bridge); 3 Chorus nodes ({@code ExecutiveMain}, udpu) with crypto off
 * and then with secauth (aes256/sha256), driven by an in-process {@link CpgClient} over node 1's IPC socket; then 3
 * Debian corosync 3.1.7 daemons (udpu; knet; knet with aes256/sha256) in the same namespaces, driven by
 * {@code src/test/c/chorus_cpgbench.c} compiled here with gcc against libcpg. Each client joins one group, multicasts
 * AGREED messages back to back for {@code bench.seconds} per size (64 B, 1 KiB, 8 KiB, 64 KiB), retries TRY_AGAIN
 * and counts its own deliveries. Totem settings are the defaults on both sides. The table goes to stdout and
 * {@code target/bench-results.txt}.
 */
public class CpgThroughputBench {

    static final int[] SIZES = {64, 1024, 8192, 65536};
    static final int NODES = 3;
    static final long JOIN_MS = 60_000;
    static final String JGROUPS_UDP = "JGroups UDP+SEQUENCER";
    static final String JGROUPS_TCP = "JGroups TCP+SEQUENCER";
    private static final Pattern RESULT = Pattern.compile("RESULT size=(\\d+) delivered=(\\d+) seconds=([0-9.]+)");

    record Result(long delivered, double seconds) {
        double rate() {
            return delivered / seconds;
        }
    }

    private final double seconds = Double.parseDouble(System.getProperty("bench.seconds", "2"));
    /** {@code -Dbench.only=jgroups,corosync knet}: only the columns whose names contain one of these (any case). */
    private final String only = System.getProperty("bench.only", "").trim();
    /** column name → size → result */
    private final Map<String, Map<Integer, Result>> table = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

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
            if (wanted("Chorus udpu")) {
                runChorus(net, work.resolve("chorus-plain"), "Chorus udpu", null);
            }
            if (wanted("Chorus udpu+aes256")) {
                runChorus(net, work.resolve("chorus-secauth"), "Chorus udpu+aes256", key);
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
    }

    private boolean wanted(String column) {
        if (only.isEmpty()) {
            return true;
        }
        for (String w : only.split(",")) {
            if (!w.isBlank() && column.toLowerCase(Locale.ROOT).contains(w.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    // ---- configuration shared by both sides

    private static String config(InteropNet net, Path dir, String transport, Path key) {
        StringBuilder b = new StringBuilder();
        b.append("totem {\n    version: 2\n    cluster_name: chrbench\n    transport: ").append(transport).append('\n');
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

    private void runChorus(InteropNet net, Path work, String column, Path key) throws Exception {
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
            Map<Integer, Result> col = new LinkedHashMap<>();
            table.put(column, col);
            JavaClient c = new JavaClient(work.resolve("n1").resolve("chorus.sock"));
            try {
                for (int size : SIZES) {
                    Result r = c.run(size, seconds);
                    col.put(size, r);
                    log(String.format(Locale.ROOT, "%s %6d B: %d delivered in %.3f s = %.0f msg/s", column, size,
                            r.delivered, r.seconds, r.rate()));
                }
            } finally {
                c.close();
            }
            checkNoMembershipChange(column, nodes, before);
        } catch (Exception | AssertionError e) {
            notes.add(column + " failed: " + e);
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
                notes.add(column + ": " + nodes.get(i) + " completed " + n + " more sync rounds during the measurement");
            }
        }
    }

    /** An out-of-process CPG client of one Chorus node (in this JVM, over the node's Unix socket). */
    static final class JavaClient implements CpgCallbacks, AutoCloseable {
        private final Cpg cpg;
        private final int localNodeId;
        private int localPid = -1;
        private long delivered;

        JavaClient(Path socket) throws Exception {
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

        Result run(int size, double seconds) throws Exception {
            ByteBuffer message = ByteBuffer.allocate(size);
            delivered = 0;
            long sent = 0;
            long tryAgain = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                try {
                    message.clear();
                    cpg.mcastJoined(CpgGuarantee.AGREED, message);
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
            Result r = new Result(delivered, (System.nanoTime() - start) / 1e9);
            log("  Java client: sent=" + sent + " tryagain=" + tryAgain);
            long drain = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < drain) {
                if (cpg.dispatch(DispatchFlag.ALL) == 0) {
                    Thread.sleep(5);
                }
            }
            return r;
        }

        @Override
        public void deliver(CpgGroup group, int nodeid, int pid, ByteBuffer message) {
            if (nodeid == localNodeId && pid == localPid) {
                delivered++;
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
            try {
                cpg.close();
            } catch (Exception ignored) {
                // the node is about to be killed anyway
            }
        }
    }

    // ---- Corosync

    private static Path compileClient(Path work) throws Exception {
        Path src = Path.of(System.getProperty("bench.csrc", "src/test/c/chorus_cpgbench.c"));
        Path bin = work.resolve("chorus_cpgbench");
        InteropNet.Output o = InteropNet.output("gcc", "-O2", "-Wall", "-o", bin.toString(), src.toString(), "-lcpg");
        if (o.rc() != 0) {
            throw new AssertionError("gcc failed (apt-get install libcpg-dev gcc):\n" + o.text());
        }
        return bin;
    }

    private void runCorosync(InteropNet net, Path work, String column, String transport, Path key, Path client)
            throws Exception {
        List<CorosyncDaemon> daemons = new ArrayList<>();
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
            List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(d1.pid()), "-n", "-m",
                    client.toString(), Double.toString(seconds)));
            for (int size : SIZES) {
                cmd.add(Integer.toString(size));
            }
            Path out = work.resolve("client.out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                long limit = (long) ((seconds + 5) * SIZES.length) + 30;
                if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                    throw new AssertionError("C client did not finish in " + limit + " s; " + out);
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
            String text = Files.readString(out);
            Map<Integer, Result> col = new LinkedHashMap<>();
            table.put(column, col);
            Matcher m = RESULT.matcher(text);
            while (m.find()) {
                Result r = new Result(Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)));
                col.put(Integer.parseInt(m.group(1)), r);
                log(String.format(Locale.ROOT, "%s %6s B: %d delivered in %.3f s = %.0f msg/s", column, m.group(1),
                        r.delivered, r.seconds, r.rate()));
            }
            if (p.exitValue() != 0 || col.size() != SIZES.length) {
                notes.add(column + ": C client exit " + p.exitValue() + ": " + text.strip());
            }
            if (d1.memberships().size() != rings) {
                notes.add(column + ": membership changed during the run (" + d1.memberships().size() + " rings)");
            }
        } catch (Exception | AssertionError e) {
            notes.add(column + " failed: " + e);
            log(column + " FAILED: " + e);
        } finally {
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
            Map<Integer, Result> col = new LinkedHashMap<>();
            table.put(column, col);
            for (int size : SIZES) {
                int from = sender.lineCount();
                sender.command(String.format(Locale.ROOT, "T %d %s", size, seconds));
                String line = sender.await("RESULT size=" + size, from, (long) (seconds * 1000) + 30_000,
                        l -> l.startsWith("RESULT ") || l.startsWith("ERROR"));
                Matcher m = RESULT.matcher(line);
                if (!m.find()) {
                    throw new AssertionError(column + ": " + line);
                }
                Result r = new Result(Long.parseLong(m.group(2)), Double.parseDouble(m.group(3)));
                col.put(size, r);
                log(String.format(Locale.ROOT, "%s %6d B: %d delivered in %.3f s = %.0f msg/s (%s)", column, size,
                        r.delivered, r.seconds, r.rate(), line));
                sender.await("READY", from, 30_000, l -> l.equals("READY"));
            }
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

    private String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "CPG throughput, 3 nodes in network namespaces (veth + bridge), 1 sender on node 1, "
                + "AGREED, own deliveries counted, %.1f s per size, default totem settings (netmtu 1500, window_size 50, "
                + "max_messages 17); %d CPUs%n", seconds, Runtime.getRuntime().availableProcessors()));
        List<String> cols = new ArrayList<>(table.keySet());
        b.append(String.format(Locale.ROOT, "%7s", "size"));
        for (String c : cols) {
            b.append(String.format(Locale.ROOT, " | %-26s", c));
        }
        b.append(" | Chorus/Corosync udpu | Chorus+aes/knet+aes\n");
        for (int size : SIZES) {
            b.append(String.format(Locale.ROOT, "%7d", size));
            for (String c : cols) {
                Result r = table.get(c).get(size);
                b.append(r == null ? String.format(Locale.ROOT, " | %-26s", "-")
                        : String.format(Locale.ROOT, " | %8.0f msg/s %6.2f MB/s", r.rate(), r.rate() * size / 1e6));
            }
            b.append(String.format(Locale.ROOT, " | %20s | %19s%n", ratio("Chorus udpu", "Corosync udpu", size),
                    ratio("Chorus udpu+aes256", "Corosync knet+aes256", size)));
        }
        for (String n : notes) {
            b.append("NOTE ").append(n).append('\n');
        }
        return b.toString();
    }

    private String ratio(String a, String c, int size) {
        Result x = table.getOrDefault(a, Map.of()).get(size);
        Result y = table.getOrDefault(c, Map.of()).get(size);
        if (x == null || y == null || y.rate() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", x.rate() / y.rate());
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
    }
}
