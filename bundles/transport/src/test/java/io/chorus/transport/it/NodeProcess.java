package io.chorus.transport.it;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One node JVM ({@code NodeMain}, or another launcher on the same classpath) driven through stdin/stdout; every line it prints is kept (and copied to a log file).
 * Processes are killed by PID in {@link #kill()}; tests call it in {@code finally}.
 */
public final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final LineLog lines;
    private final Thread reader;

    private NodeProcess(String name, Process process, Path log) throws IOException {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.lines = new LineLog(name, log, this::exitDescription);
        this.reader = lines.follow(process.getInputStream());
    }

    /** The classpath the node runs with: the module's target/classes plus the build's dependency list. */
    public static String classpath() throws IOException {
        String classes = System.getProperty("it.classes", "target/classes");
        String file = System.getProperty("it.classpath.file", "target/classpath.txt");
        return classes + java.io.File.pathSeparator + Files.readString(Path.of(file)).strip();
    }

    /** System property with the node JVMs' options (besides -Xmx): benchmarks want the full JIT. */
    public static final String JVM_OPTIONS = "it.node.jvm.options";
    /** Tests start many short-lived JVMs: C1 only starts them fastest. */
    public static final String TEST_JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    public static Path workDir(String test) throws IOException {
        Path p = Path.of(System.getProperty("it.work", "target/it-work")).resolve(test);
        Files.createDirectories(p);
        return p;
    }

    /** Starts {@code NodeMain} with {@code args}, optionally inside network namespace {@code netns}. */
    public static NodeProcess start(String name, Path log, String netns, List<String> args) throws IOException {
        return start(name, log, netns, "io.chorus.transport.NodeMain", 96, args);
    }

    /**
     * Starts {@code mainClass} (a launcher on {@link #classpath()}: NodeMain, or the executive's launcher in
     * itests/interop) with {@code args} and a heap of {@code heapMb}, optionally inside network namespace
     * {@code netns}.
     */
    public static NodeProcess start(String name, Path log, String netns, String mainClass, int heapMb,
            List<String> args) throws IOException {
        return start(name, log, netns, mainClass, heapMb,
                List.of(System.getProperty(JVM_OPTIONS, TEST_JVM_OPTIONS).trim().split("\\s+")), args);
    }

    /** As {@link #start(String, Path, String, String, int, List)}, with these JVM options (besides -Xmx) instead of {@link #JVM_OPTIONS}'s. */
    public static NodeProcess start(String name, Path log, String netns, String mainClass, int heapMb,
            List<String> jvmOptions, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heapMb + "m");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath(), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        return new NodeProcess(name, pb.start(), log);
    }

    public String exitDescription() {
        return process.isAlive() ? "alive" : "exit code " + process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    public List<String> lines() {
        return lines.lines();
    }

    public List<String> lines(String prefix) {
        return lines.lines(prefix);
    }

    /** Waits for a line (from index {@code from} on) matching {@code p}; returns it, or fails after {@code millis}. */
    public String await(String what, int from, long millis, Predicate<String> p) throws InterruptedException {
        return lines.await(what, from, millis, p);
    }

    public int lineCount() {
        return lines.lineCount();
    }

    /** The last {@code CONFIG REGULAR} line's members, or "" when there is none. */
    public String regularMembers() {
        List<String> regular = lines("CONFIG REGULAR");
        if (regular.isEmpty()) {
            return "";
        }
        return field(regular.get(regular.size() - 1), "members");
    }

    public static String field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** SIGKILL by PID (kill -9). */
    public void kill9() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGTERM by PID ({@code kill -TERM}), then wait up to {@code millis} for exit. Not {@code Process.destroy()}:
     * it closes our ends of the pipes first, so the node's last lines (its shutdown hook's {@code LEFT}) are lost.
     */
    public boolean terminate(long millis) throws InterruptedException, IOException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    public void kill() {
        try {
            kill9();
            reader.join(2000);
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
        return name + "[pid " + pid() + "]";
    }
}
