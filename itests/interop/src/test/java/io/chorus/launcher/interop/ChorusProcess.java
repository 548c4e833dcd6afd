package io.chorus.launcher.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code ExecutiveMain} JVM (adapted from chorus-transport's {@code NodeProcess}): every line it prints is kept
 * and copied to a log file. Killed by PID ({@code Process.destroyForcibly}, SIGKILL) in {@link #kill()}.
 */
final class ChorusProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChorusProcess(String name, Process process, Path log) throws IOException {
        this.name = name;
        this.process = process;
        Writer logWriter = Files.newBufferedWriter(log);
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); logWriter) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    logWriter.write(line);
                    logWriter.write('\n');
                    logWriter.flush();
                }
            } catch (IOException ignored) {
                // the process died
            }
        }, "out-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static String classpath() throws IOException {
        String classes = System.getProperty("launcher.classes", "target/classes");
        String file = System.getProperty("launcher.classpath.file", "target/classpath.txt");
        return classes + java.io.File.pathSeparator + Files.readString(Path.of(file)).strip();
    }

    static Path workDir(String test) throws IOException {
        Path p = Path.of(System.getProperty("launcher.work", "target/it-work")).resolve(test);
        Files.createDirectories(p);
        return p;
    }

    /** Starts {@code ExecutiveMain} with {@code args} inside network namespace {@code netns}. */
    static ChorusProcess start(String name, Path log, String netns, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath(),
                "io.chorus.launcher.ExecutiveMain"));
        cmd.addAll(args);
        return new ChorusProcess(name, new ProcessBuilder(cmd).redirectErrorStream(true).start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    List<String> lines(String prefix) {
        List<String> out = new ArrayList<>();
        for (String l : lines()) {
            if (l.startsWith(prefix)) {
                out.add(l);
            }
        }
        return out;
    }

    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Waits for a line (from index {@code from} on) matching {@code p}; returns it, or fails after {@code millis}. */
    String await(String what, int from, long millis, Predicate<String> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (p.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + " (" + (process.isAlive() ? "alive" : "exit " + process.exitValue())
                            + "): timed out after " + millis + " ms waiting for " + what + "; last lines:\n  "
                            + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    void kill() {
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
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
        return name + "[pid " + process.pid() + "]";
    }
}
