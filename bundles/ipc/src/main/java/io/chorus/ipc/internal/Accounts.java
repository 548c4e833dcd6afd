package io.chorus.ipc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * User and group names to numbers, from {@code /etc/passwd} and {@code /etc/group} (Java has no getpwnam).
 * A name made of digits is taken as the number itself, as Corosync accepts {@code uid: 1000}.
 */
public final class Accounts {

    private final Map<String, Integer> users;
    private final Map<String, Integer> groups;

    public Accounts(Map<String, Integer> users, Map<String, Integer> groups) {
        this.users = Map.copyOf(users);
        this.groups = Map.copyOf(groups);
    }

    /** The host's accounts (files that cannot be read count as empty). */
    public static Accounts system() {
        return new Accounts(read(Path.of("/etc/passwd")), read(Path.of("/etc/group")));
    }

    private static Map<String, Integer> read(Path file) {
        Map<String, Integer> m = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return m;
        }
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !f[0].isEmpty() && !line.startsWith("#")) {
                try {
                    m.putIfAbsent(f[0], Integer.parseInt(f[2]));
                } catch (NumberFormatException ignored) {
                    // malformed line: skipped, as getpwnam would
                }
            }
        }
        return m;
    }

    public OptionalInt uid(String name) {
        return lookup(users, name);
    }

    public OptionalInt gid(String name) {
        return lookup(groups, name);
    }

    private static OptionalInt lookup(Map<String, Integer> m, String name) {
        if (name == null || name.isBlank()) {
            return OptionalInt.empty();
        }
        String n = name.trim();
        Integer v = m.get(n);
        if (v != null) {
            return OptionalInt.of(v);
        }
        if (n.chars().allMatch(Character::isDigit) && n.length() < 10) {
            return OptionalInt.of(Integer.parseInt(n));
        }
        return OptionalInt.empty();
    }
}
