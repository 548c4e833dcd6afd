package io.chorus.launcher.interop;

import io.chorus.api.ChorusException;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgCallbacks;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgGuarantee;
import io.chorus.ipc.client.IpcEngineConnection;
import io.chorus.transport.interop.CorosyncDaemon;
import io.chorus.transport.interop.InteropNet;
import io.chorus.transport.it.LineLog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * CPG across the mixed ring of {@link MixedRing} (issue 5 item 2): a C {@code libcpg} client
 * ({@code src/test/c/cpg_exchange.c}, compiled here with gcc) on C node 1 and a Chorus {@link CpgClient} on the Chorus
 * node 4 (in this JVM, over the node's IPC socket) join one group. Checked: each sees the other join with the
 * right nodeid/pid (the Chorus process's pid is this JVM's); 200 messages from each, sent concurrently (each with
 * at most {@link #WINDOW} of its own in flight, so the streams interleave), reach both in exactly the same order;
 * {@code corosync-cpgtool} on every C node lists the group with both processes; the C client's leave is a LEAVE for
 * the Chorus client and its rejoin (on a new handle: corosync 3.1.7 answers EXIST to a join on a handle that left)
 * a JOIN; the Chorus client's leave is a LEAVE for the C client; a new Chorus handle's join is a JOIN for the C
 * client, and the kill -9 of the Chorus node then a NODEDOWN.
 *
 * <p>Run as root with {@code apt-get install corosync iproute2 gcc libcpg-dev}:
 * {@code mvn verify -Pinterop -pl itests/interop -Dit.test=CpgInteropIT}. Namespaces {@code chrc-<hex>-*} are
 * deleted afterwards; every process is killed by PID. Work files stay in {@code target/it-work/cpg-interop-*}
 * ({@code cpg_exchange.out} is the C client's whole output).
 */
public class CpgInteropIT {

    @Rule
    public Timeout timeout = Timeout.seconds(300);

    static final String GROUP = "chorus_mixed";
    static final int MESSAGES = 200;
    /** Each sender keeps at most this many of its own messages in flight, so the two streams interleave. */
    static final int WINDOW = 4;
    static final long WAIT_MS = 30_000;
    private static final Pattern READY = Pattern.compile("^READY nodeid=(\\d+) pid=(\\d+)$");
    private static final Pattern CONFCHG = Pattern.compile("^CONFCHG members=(\\S*) left=(\\S*) joined=(\\S*)$");
    private static final Pattern DELIVER = Pattern.compile("^DELIVER (\\d+) (\\d+) (\\d+) (.*)$");
    private static final Pattern CPGTOOL_MEMBER = Pattern.compile("^\\s+(\\d+)\\s+(\\d+)\\b");

    @BeforeClass
    public static void available() {
        String why = InteropNet.unavailable();
        if (why == null && InteropNet.which("gcc") == null) {
            why = "gcc is not installed (apt-get install gcc libcpg-dev)";
        }
        if (why == null && !Files.exists(Path.of("/usr/include/corosync/cpg.h"))) {
            why = "libcpg-dev is not installed";
        }
        if (why != null) {
            System.err.println("SKIPPED CpgInteropIT: " + why);
        }
        assumeTrue("CpgInteropIT skipped: " + why, why == null);
    }

    @Test
    public void cClientAndChorusClientShareOneGroup() throws Exception {
        try (MixedRing ring = new MixedRing("chrc", "cpg-interop")) {
            Path bin = compile(ring.work);
            ring.formRing();
            CorosyncDaemon one = ring.corosync.get(1);
            try (CClient c = CClient.start(one, bin, GROUP, ring.work.resolve("cpg_exchange.out"))) {
                Matcher ready = READY.matcher(c.await("READY", 0, l -> l.startsWith("READY ")));
                assertTrue(ready.matches());
                assertEquals("C client's cpg_local_get", "1", ready.group(1));
                String cAddr = "1/" + ready.group(2);
                int mark = c.lineCount();
                c.command("join");
                chg(c.await("own JOIN", mark, confchg(m -> m.joined.contains(cAddr + ":JOIN"))));

                // the Chorus client joins: C sees its JOIN, it sees itself join with the C process as a member
                String jAddr;
                mark = c.lineCount();
                try (JavaMember j = new JavaMember(ring.socket())) {
                    assertEquals("Chorus client's cpg_local_get", MixedRing.CHORUS_ID, j.cpg.localGet());
                    j.join();
                    Chg own = j.await("own JOIN", 0, m -> m.joined.stream().anyMatch(a -> a.startsWith("4/")));
                    jAddr = own.joined.get(0).substring(0, own.joined.get(0).indexOf(':'));
                    assertEquals("the Chorus process's pid is this JVM's (SO_PEERCRED)",
                            "4/" + ProcessHandle.current().pid(), jAddr);
                    assertEquals("Chorus client's confchg " + own, List.of(jAddr + ":JOIN"), own.joined);
                    assertEquals("Chorus client's first member list " + own, Set.of(cAddr, jAddr), own.members);
                    Chg seen = chg(c.await("JOIN of the Chorus client", mark, confchg(m -> m.joined.contains(jAddr + ":JOIN"))));
                    assertEquals("C client's confchg " + seen, List.of(jAddr + ":JOIN"), seen.joined);
                    assertEquals("C client's members " + seen, Set.of(cAddr, jAddr), seen.members);
                    ring.report("C client " + cAddr + " saw the Chorus client " + jAddr + " join; the Chorus client saw "
                            + own);

                    exchange(ring, c, j, cAddr, jAddr);
                    cpgtool(ring, cAddr, jAddr);

                    // the C client leaves and rejoins: the Chorus client sees LEAVE then JOIN
                    int jm = j.count();
                    mark = c.lineCount();
                    c.command("leave");
                    Chg left = j.await("LEAVE of the C client", jm, m -> m.left.contains(cAddr + ":LEAVE"));
                    assertEquals("Chorus client's confchg " + left, Set.of(jAddr), left.members);
                    assertEquals(List.of(), left.joined);
                    chg(c.await("own LEAVE", mark, confchg(m -> m.left.contains(cAddr + ":LEAVE"))));
                    // corosync 3.1.7 never returns a local handle to "unjoined" after its own leave (its reset
                    // loop in notify_lib_joinlist runs over the joined list), so that handle's cpg_join says EXIST;
                    // the C client rejoins on a new handle, as a real application has to
                    jm = j.count();
                    mark = c.lineCount();
                    c.command("reconnect");
                    assertEquals("READY nodeid=1 pid=" + ready.group(2), c.await("READY again", mark, l -> l.startsWith("READY ")));
                    c.command("join");
                    Chg back = j.await("JOIN of the C client", jm, m -> m.joined.contains(cAddr + ":JOIN"));
                    assertEquals("Chorus client's confchg " + back, Set.of(cAddr, jAddr), back.members);
                    assertEquals(List.of(), back.left);
                    Chg cBack = chg(c.await("own JOIN again", mark, confchg(m -> m.joined.contains(cAddr + ":JOIN"))));
                    assertEquals("C client's members after its rejoin " + cBack, Set.of(cAddr, jAddr), cBack.members);
                    ring.report("the Chorus client saw the C client leave (" + left + ") and rejoin (" + back + ")");

                    // the Chorus client leaves: the C client sees LEAVE
                    mark = c.lineCount();
                    j.cpg.leave(CpgGroup.named(GROUP));
                    Chg gone = chg(c.await("LEAVE of the Chorus client", mark,
                            confchg(m -> m.left.contains(jAddr + ":LEAVE"))));
                    assertEquals("C client's members " + gone, Set.of(cAddr), gone.members);
                    ring.report("the C client saw the Chorus client leave: " + gone);
                }

                // a new Chorus handle joins (C: JOIN), then the Chorus node dies: C sees NODEDOWN
                mark = c.lineCount();
                try (JavaMember j2 = new JavaMember(ring.socket())) {
                    j2.join();
                    chg(c.await("JOIN of the second Chorus handle", mark, confchg(m -> m.joined.contains(jAddr + ":JOIN"))));
                    mark = c.lineCount();
                    ring.chorus.kill();
                    Chg down = chg(c.await("NODEDOWN of the Chorus client", mark,
                            confchg(m -> !m.left.isEmpty())));
                    assertEquals("C client's confchg after kill -9 of the Chorus node " + down,
                            List.of(jAddr + ":NODEDOWN"), down.left);
                    assertEquals(Set.of(cAddr), down.members);
                    ring.report("the C client saw the killed Chorus node's process go: " + down);
                }
                c.command("quit");
                c.await("EXIT", 0, "EXIT"::equals);
            }
        }
    }

    /**
     * 200 messages from each client, sent at the same time with at most {@link #WINDOW} of its own in flight: both
     * deliver all 400 in the same order.
     */
    private static void exchange(MixedRing ring, CClient c, JavaMember j, String cAddr, String jAddr) throws Exception {
        int mark = c.lineCount();
        int jFrom = j.deliveredCount();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                int base = j.ownDelivered(jAddr);
                for (int i = 1; i <= MESSAGES; i++) {
                    j.awaitOwnDelivered(jAddr, base + i - WINDOW);
                    j.send("j-" + i);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "chorus-sender");
        sender.start();
        c.command("sendn " + MESSAGES + " c " + WINDOW);
        c.await("SENT " + MESSAGES, mark, ("SENT " + MESSAGES)::equals);
        sender.join(WAIT_MS);
        if (failure.get() != null) {
            throw new AssertionError("the Chorus client's sends failed", failure.get());
        }
        assertTrue("the Chorus sender finished", !sender.isAlive());

        List<String> jGot = j.awaitDelivered(jFrom, 2 * MESSAGES);
        c.await(2 * MESSAGES + " deliveries", mark, new Predicate<>() {
            int n;

            @Override
            public boolean test(String l) {
                return l.startsWith("DELIVER ") && ++n == 2 * MESSAGES;
            }
        });
        List<String> cGot = new ArrayList<>();
        for (String l : c.lines().subList(mark, c.lineCount())) {
            Matcher m = DELIVER.matcher(l);
            if (m.matches()) {
                cGot.add(m.group(1) + "/" + m.group(2) + " " + m.group(4));
            }
        }
        assertEquals("the C client delivered exactly " + 2 * MESSAGES, 2 * MESSAGES, cGot.size());
        assertEquals("the Chorus client delivered exactly " + 2 * MESSAGES, 2 * MESSAGES, jGot.size());
        for (int i = 0; i < cGot.size(); i++) {
            assertEquals("delivery " + (i + 1) + " (C client vs Chorus client)", cGot.get(i), jGot.get(i));
        }
        // each sender's messages come from its address, all of them, in the order it sent them
        for (String[] who : new String[][] {{cAddr, "c"}, {jAddr, "j"}}) {
            List<String> own = cGot.stream().filter(s -> s.startsWith(who[0] + " ")).collect(Collectors.toList());
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= MESSAGES; i++) {
                expected.add(who[0] + " " + who[1] + "-" + i);
            }
            assertEquals("messages of " + who[0], expected, own);
        }
        int switches = 0;
        for (int i = 1; i < cGot.size(); i++) {
            if (!cGot.get(i).regionMatches(0, cGot.get(i - 1), 0, cGot.get(i).indexOf(' '))) {
                switches++;
            }
        }
        ring.report("both clients delivered the same " + cGot.size() + " messages in the same order (" + switches
                + " sender switches); first " + cGot.subList(0, 4));
    }

    /** {@code corosync-cpgtool} on every C node lists the group with the C process and the Chorus process. */
    private static void cpgtool(MixedRing ring, String cAddr, String jAddr) throws Exception {
        for (CorosyncDaemon d : ring.corosync.values()) {
            String out = d.tool("corosync-cpgtool");
            Set<String> members = cpgtoolMembers(out, GROUP);
            assertEquals("corosync-cpgtool on C node " + d.nodeId + ":\n" + out, Set.of(cAddr, jAddr), members);
            if (d.nodeId == 2) {
                ring.report("corosync-cpgtool on C node 2:\n" + out.stripTrailing());
            }
        }
    }

    /**
     * The {@code nodeid/pid} of the processes {@code corosync-cpgtool} lists under {@code group}: the group's name
     * on a line of its own, then one indented {@code PID NODEID (ADDRESS)} line per process.
     */
    static Set<String> cpgtoolMembers(String out, String group) {
        Set<String> members = new TreeSet<>();
        boolean in = false;
        for (String l : out.split("\n")) {
            if (!l.isEmpty() && !Character.isWhitespace(l.charAt(0))) {
                in = l.strip().equals(group);
                continue;
            }
            Matcher m = CPGTOOL_MEMBER.matcher(l);
            if (in && m.find()) {
                members.add(m.group(2) + "/" + m.group(1));
            }
        }
        return members;
    }

    private static Path compile(Path work) throws Exception {
        Path src = Path.of(System.getProperty("cpg.exchange.csrc", "src/test/c/cpg_exchange.c"));
        Path bin = work.resolve("cpg_exchange");
        InteropNet.Output o = InteropNet.output("gcc", "-O2", "-Wall", "-o", bin.toString(), src.toString(), "-lcpg");
        if (o.rc() != 0) {
            throw new AssertionError("gcc failed (apt-get install libcpg-dev gcc):\n" + o.text());
        }
        return bin;
    }

    // ---- confchg records, the same for both clients: addresses as nodeid/pid, with :REASON in left and joined

    record Chg(Set<String> members, List<String> left, List<String> joined) {
        @Override
        public String toString() {
            return "members=" + members + " left=" + left + " joined=" + joined;
        }
    }

    static Chg chg(String confchgLine) {
        Matcher m = CONFCHG.matcher(confchgLine);
        if (!m.matches()) {
            throw new AssertionError("not a CONFCHG line: " + confchgLine);
        }
        return new Chg(new TreeSet<>(split(m.group(1))), split(m.group(2)), split(m.group(3)));
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static Predicate<String> confchg(Predicate<Chg> p) {
        return l -> l.startsWith("CONFCHG ") && p.test(chg(l));
    }

    private static String addr(CpgAddress a) {
        return Integer.toUnsignedString(a.nodeid()) + "/" + Integer.toUnsignedString(a.pid());
    }

    // ---- the clients

    /** cpg_exchange in a C daemon's network and mount namespaces, driven over stdin; every line it prints is kept. */
    static final class CClient implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final LineLog lines;
        private final Thread reader;

        private CClient(Process process, Path log) throws IOException {
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.lines = new LineLog("C client cpg_exchange", log,
                    () -> process.isAlive() ? "alive" : "exit " + process.exitValue());
            this.reader = lines.follow(process.getInputStream());
        }

        static CClient start(CorosyncDaemon d, Path bin, String group, Path log) throws IOException {
            Process p = new ProcessBuilder("nsenter", "-t", Long.toString(d.pid()), "-n", "-m", bin.toString(), group)
                    .redirectErrorStream(true).start();
            return new CClient(p, log);
        }

        void command(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        List<String> lines() {
            return lines.lines();
        }

        int lineCount() {
            return lines.lineCount();
        }

        /** The first line from index {@code from} on matching {@code p}; fails after WAIT_MS or on an ERROR line. */
        String await(String what, int from, Predicate<String> p) throws InterruptedException {
            return lines.await(what, from, WAIT_MS, l -> {
                if (l.startsWith("ERROR ")) {
                    throw new AssertionError("C client: " + l + " while waiting for " + what);
                }
                return p.test(l);
            });
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly(); // SIGKILL to this PID
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(2000);
        }
    }

    /** A Chorus CPG handle over the Chorus node's IPC socket, dispatched on its own thread; keeps what it is told. */
    static final class JavaMember implements CpgCallbacks, AutoCloseable {
        final Cpg cpg;
        private final List<Chg> confchgs = new ArrayList<>();
        private final List<String> delivered = new ArrayList<>();

        JavaMember(Path socket) throws ChorusException {
            cpg = CpgClient.open(IpcEngineConnection.connect(socket, "cpg"), this);
            cpg.startDispatchThread();
        }

        void join() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (true) {
                try {
                    cpg.join(CpgGroup.named(GROUP));
                    return;
                } catch (ChorusException e) {
                    if (!e.isTryAgain() || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(10);
                }
            }
        }

        void send(String text) throws Exception {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (true) {
                try {
                    cpg.mcastJoined(CpgGuarantee.AGREED, b);
                    return;
                } catch (ChorusException e) {
                    if (!e.isTryAgain() || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(1);
                }
            }
        }

        @Override
        public synchronized void deliver(CpgGroup group, int nodeid, int pid, ByteBuffer message) {
            byte[] b = new byte[message.remaining()];
            message.get(b);
            delivered.add(Integer.toUnsignedString(nodeid) + "/" + Integer.toUnsignedString(pid) + " "
                    + new String(b, StandardCharsets.UTF_8));
            notifyAll();
        }

        @Override
        public synchronized void confchg(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left,
                List<CpgAddress> joined) {
            confchgs.add(new Chg(members.stream().map(CpgInteropIT::addr).collect(Collectors.toCollection(TreeSet::new)),
                    left.stream().map(a -> addr(a) + ":" + a.reason()).collect(Collectors.toList()),
                    joined.stream().map(a -> addr(a) + ":" + a.reason()).collect(Collectors.toList())));
            notifyAll();
        }

        synchronized int ownDelivered(String addr) {
            return (int) delivered.stream().filter(d -> d.startsWith(addr + " ")).count();
        }

        /** Waits until at least {@code n} messages from {@code addr} were delivered here. */
        synchronized void awaitOwnDelivered(String addr, int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            int have;
            while ((have = ownDelivered(addr)) < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Chorus client: " + have + " of its own messages delivered, not " + n);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }

        synchronized int count() {
            return confchgs.size();
        }

        synchronized int deliveredCount() {
            return delivered.size();
        }

        synchronized Chg await(String what, int from, Predicate<Chg> p) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            int i = from;
            while (true) {
                for (; i < confchgs.size(); i++) {
                    if (p.test(confchgs.get(i))) {
                        return confchgs.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Chorus client: no confchg with " + what + " in " + WAIT_MS + " ms; got "
                            + confchgs.subList(from, confchgs.size()));
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }

        /** Waits for {@code n} deliveries from index {@code from} on; returns them (exactly n unless more came). */
        synchronized List<String> awaitDelivered(int from, int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (delivered.size() - from < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Chorus client: " + (delivered.size() - from) + " of " + n
                            + " deliveries in " + WAIT_MS + " ms");
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return new ArrayList<>(delivered.subList(from, delivered.size()));
        }

        @Override
        public void close() {
            cpg.close();
        }
    }
}
