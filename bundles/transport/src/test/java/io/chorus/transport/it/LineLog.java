package io.chorus.transport.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The lines a test's helper process or client printed, in order, copied to a log file as they come, and waited for
 * by predicate: what {@link NodeProcess}, the interop tests' C clients and the benchmark's drivers have in common.
 */
public final class LineLog implements AutoCloseable {

    private final String name;
    private final Supplier<String> state;
    private final List<String> lines = new ArrayList<>();
    private final Writer log;

    /** {@code state} says, in a timeout's message, whether the writer still runs ("alive", "exit code 1", ...). */
    public LineLog(String name, Path log, Supplier<String> state) throws IOException {
        this.name = name;
        this.state = state;
        this.log = Files.newBufferedWriter(log);
    }

    /** Reads {@code in} line by line into this log on a daemon thread, until it ends. */
    public Thread follow(InputStream in) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    add(line);
                }
            } catch (IOException ignored) {
                // the writer died
            } finally {
                close();
            }
        }, "out-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    public void add(String line) {
        synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
            try {
                log.write(line);
                log.write('\n');
                log.flush();
            } catch (IOException ignored) {
                // the log file is only for reading afterwards
            }
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    public List<String> lines(String prefix) {
        List<String> out = new ArrayList<>();
        for (String l : lines()) {
            if (l.startsWith(prefix)) {
                out.add(l);
            }
        }
        return out;
    }

    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /**
     * Waits for a line (from index {@code from} on) matching {@code p}; returns it, or fails after {@code millis}.
     * Each line is tested once, in order, so {@code p} may count (a rescan at every wake-up would count lines twice).
     */
    public String await(String what, int from, long millis, Predicate<String> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lines) {
            int i = from;
            while (true) {
                for (; i < lines.size(); i++) {
                    if (p.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + " (" + state.get() + "): timed out after " + millis
                            + " ms waiting for " + what + "; last lines:\n  "
                            + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    @Override
    public void close() {
        synchronized (lines) {
            try {
                log.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
