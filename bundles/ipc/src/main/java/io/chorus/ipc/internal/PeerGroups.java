package io.chorus.ipc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Supplementary groups of a peer process. SO_PEERCRED carries only the primary gid, so they are read from
 * {@code Groups:} in {@code /proc/<pid>/status}, right after accept (the pid is the one the kernel reported
 * for the connecting process).
 */
final class PeerGroups {

    private PeerGroups() {
    }

    /** The supplementary gids of {@code pid}; empty when unknown (the primary gid still counts). */
    static int[] of(int pid) {
        if (pid <= 0) {
            return new int[0];
        }
        try {
            return parse(Files.readString(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new int[0];
        }
    }

    /** The {@code Groups:} line of a /proc status text. */
    static int[] parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Groups:")) {
                String rest = line.substring("Groups:".length()).trim();
                if (rest.isEmpty()) {
                    return new int[0];
                }
                return Arrays.stream(rest.split("\\s+")).mapToInt(Integer::parseInt).toArray();
            }
        }
        return new int[0];
    }
}
