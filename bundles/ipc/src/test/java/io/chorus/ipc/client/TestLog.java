package io.chorus.ipc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The slf4j-simple log file the surefire configuration names (org.slf4j.simpleLogger.logFile). */
final class TestLog {

    private TestLog() {
    }

    static Path file() {
        String f = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (f == null || f.equals("System.err") || f.equals("System.out")) {
            throw new IllegalStateException("run with -Dorg.slf4j.simpleLogger.logFile=<file> (the pom sets it)");
        }
        return Path.of(f);
    }

    /** Whether a line containing {@code text} is in the log, waiting up to 10 s for it. */
    static boolean awaitLine(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            if (Files.exists(file()) && Files.readString(file(), StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return false;
    }

    static long count(String text) throws IOException {
        if (!Files.exists(file())) {
            return 0;
        }
        return Files.readAllLines(file(), StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).count();
    }
}
