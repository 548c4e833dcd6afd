package io.chorus.transport.interop;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One real {@code corosync -f} in node namespace {@code ns}, in its own mount namespace with a private tmpfs on
 * {@code /run} ({@code /run/corosync.pid} is hard-coded), as corosync-wire.md §5.1's start-node.sh. The shell
 * writes its PID to {@code dir/pid} and then execs corosync, so that PID is the daemon's. Stopped and killed by
 * that PID only.
 */
public final class CorosyncDaemon implements AutoCloseable {

    /**
     * How long a mixed ring of four (token 4 300 ms, consensus 5 160 ms) must stay unchanged to be called stable: a
     * lost token becomes a new membership only after both, so a shorter window could not see a re-form begin in it.
     */
    public static final long STABLE_MS = 10_000;
    private static final Pattern MEMBER_STATUS =
            Pattern.compile("^runtime\\.members\\.(\\d+)\\.status \\(str\\) = (\\S+)", Pattern.MULTILINE);
    private static final Pattern NEW_MEMBERSHIP = Pattern.compile("A new membership \\(([0-9a-f]+\\.[0-9a-f]+)\\) was formed");

    public final int nodeId;
    public final Path dir;
    private final String ns;
    private Process process;
    private long pid = -1;

    public CorosyncDaemon(int nodeId, String ns, Path dir) {
        this.nodeId = nodeId;
        this.ns = ns;
        this.dir = dir;
    }

    public Path conf() {
        return dir.resolve("corosync.conf");
    }

    public Path log() {
        return dir.resolve("corosync.log");
    }

    public void start() throws IOException, InterruptedException {
        Path pidFile = dir.resolve("pid");
        Files.deleteIfExists(pidFile);
        String script = "mount -t tmpfs tmpfs /run && echo $$ > " + pidFile + " && exec corosync -f -c " + conf();
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns, "unshare", "-m", "--propagation", "private",
                "sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout").toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    pid = Long.parseLong(text);
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("corosync " + nodeId + " did not start (" + (process.isAlive() ? "no pid file"
                : "exit code " + process.exitValue()) + "); see " + dir.resolve("stdout"));
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return pid;
    }

    /** SIGTERM: corosync leaves the ring cleanly (a LEAVE join) and exits. */
    public boolean stop(long millis) throws IOException, InterruptedException {
        if (!isAlive()) {
            return true;
        }
        InteropNet.run(false, "kill", "-TERM", Long.toString(pid));
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** {@code corosync-cmapctl ARGS} in this daemon's network and mount namespaces. */
    public String cmapctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "-m", "corosync-cmapctl"));
        cmd.addAll(List.of(args));
        return InteropNet.output(cmd.toArray(new String[0])).text();
    }

    public String tool(String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "-m"));
        c.addAll(List.of(cmd));
        return InteropNet.output(c.toArray(new String[0])).text();
    }

    /** Node ids whose {@code runtime.members.N.status} is {@code joined}. */
    public Set<Integer> joinedMembers() throws IOException, InterruptedException {
        Set<Integer> joined = new TreeSet<>();
        Matcher m = MEMBER_STATUS.matcher(cmapctl("runtime.members"));
        while (m.find()) {
            if (m.group(2).equals("joined")) {
                joined.add(Integer.parseInt(m.group(1)));
            }
        }
        return joined;
    }

    /** Waits until this daemon lists exactly {@code expected} as joined members; returns the wait in ms. */
    public long awaitMembers(Set<Integer> expected, long millis) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
        Set<Integer> last = Set.of();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new AssertionError("corosync " + nodeId + " died; see " + log());
            }
            last = joinedMembers();
            if (last.equals(expected)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("corosync " + nodeId + ": runtime.members lists " + last + " joined, not " + expected
                + " after " + millis + " ms; log " + log() + ", last memberships: " + memberships());
    }

    /** The C log's {@code A new membership (R) was formed ...} lines. */
    public List<String> memberships() throws IOException {
        return logLines("A new membership (");
    }

    public List<String> logLines(String containing) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(log())) {
            return out;
        }
        for (String l : Files.readAllLines(log(), StandardCharsets.UTF_8)) {
            if (l.contains(containing)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The ring id of the last membership this daemon logged, e.g. {@code 1.11}, or null. */
    public String lastRing() throws IOException {
        List<String> m = memberships();
        if (m.isEmpty()) {
            return null;
        }
        Matcher x = NEW_MEMBERSHIP.matcher(m.get(m.size() - 1));
        return x.find() ? x.group(1) : null;
    }

    /**
     * Whether this daemon logged {@code Completed service synchronization} after its membership line for ring
     * {@code ring}, i.e. the sync round of that ring finished here.
     */
    public boolean syncCompletedAfter(String ring) throws IOException {
        boolean seen = false;
        for (String l : Files.readAllLines(log(), StandardCharsets.UTF_8)) {
            if (l.contains("A new membership (" + ring + ")")) {
                seen = true;
            } else if (seen && l.contains("A new membership (")) {
                return false;
            } else if (seen && l.contains("Completed service synchronization")) {
                return true;
            }
        }
        return false;
    }

    /** SIGKILL by PID, then wait for the launcher to go. */
    public void kill() {
        try {
            if (pid > 0 && isAlive()) {
                InteropNet.run(false, "kill", "-KILL", Long.toString(pid));
            }
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            System.err.println("could not kill corosync " + nodeId + " (pid " + pid + "): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "corosync-" + nodeId + "[pid " + pid + "]";
    }

    /** How many memberships each running daemon has formed so far, by nodeid (for {@link #assertNoNewMembership}). */
    public static TreeMap<Integer, Integer> membershipCounts(Collection<CorosyncDaemon> daemons) throws IOException {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (CorosyncDaemon d : daemons) {
            if (d.isAlive()) {
                counts.put(d.nodeId, d.memberships().size());
            }
        }
        return counts;
    }

    /** Every daemon counted in {@code before} ({@link #membershipCounts}) formed no membership since, {@code during}. */
    public static void assertNoNewMembership(Map<Integer, CorosyncDaemon> daemons, Map<Integer, Integer> before,
            String during) throws IOException {
        for (var e : before.entrySet()) {
            CorosyncDaemon d = daemons.get(e.getKey());
            assertEquals("C node " + d.nodeId + " formed no new membership " + during + ": "
                    + d.memberships(), (int) e.getValue(), d.memberships().size());
        }
    }
}
