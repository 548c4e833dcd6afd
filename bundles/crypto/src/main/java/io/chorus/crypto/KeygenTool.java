package io.chorus.crypto;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * The {@code keygen} command shared by {@code chorus keygen} (the command line) and {@code chorus:keygen} (the
 * Karaf console): options, messages and exit codes of Corosync 3's {@code corosync-keygen}.
 *
 * <pre>
 * keygen [-k FILE] [-s BYTES] [-l] [-r RANDOMFILE] [-h]
 *   -k, --key-file FILE      write the key here (default: given by the caller; Corosync's is /etc/corosync/authkey)
 *   -s, --size BYTES         key length in bytes, 128..4096 (default 256 = 2048 bits), as corosync-keygen -s
 *   -l, --less-secure        use the non-blocking default SecureRandom (/dev/urandom) instead of the strong one
 *   -r, --random-file FILE   read the key from this random device or file instead
 * </pre>
 *
 * Note that {@code -s} counts <em>bytes</em>, exactly as {@code corosync-keygen -s} does, so that commands copied
 * from Corosync documentation produce the same key length. Exit codes: 0 written, 1 bad usage or size
 * (corosync-keygen's 1), 2 the file could not be created or written.
 */
public final class KeygenTool {

    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int WRITE_FAILED = 2;

    private KeygenTool() { }

    /** The usage text; {@code prog} is how the command is invoked ({@code chorus keygen}, {@code chorus:keygen}). */
    public static String usage(String prog, Path defaultFile) {
        return "usage: " + prog + " [-k FILE] [-s BYTES] [-l] [-r RANDOMFILE] [-h]\n"
                + "  -k, --key-file FILE     write the key to FILE instead of " + defaultFile + "\n"
                + "  -s, --size BYTES        key length in bytes (as corosync-keygen -s), " + AuthKey.MIN_BYTES
                + ".." + AuthKey.MAX_BYTES + ", default " + AuthKey.DEFAULT_BYTES + " (" + AuthKey.DEFAULT_BYTES * 8
                + " bits)\n"
                + "  -l, --less-secure       non-blocking SecureRandom (/dev/urandom) instead of the strong one\n"
                + "  -r, --random-file FILE  read the key from FILE (a random device) instead\n"
                + "The key is written atomically with mode 0400; an existing key is replaced.\n";
    }

    /**
     * Runs the command; returns its exit code. Messages go to {@code out}, errors to {@code err}; neither ever
     * shows key material.
     */
    public static int run(String prog, List<String> args, PrintStream out, PrintStream err, Path defaultFile) {
        Path file = defaultFile;
        int bytes = AuthKey.DEFAULT_BYTES;
        boolean lessSecure = false;
        Path randomFile = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String opt = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                opt = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-' && "ksr".indexOf(a.charAt(1)) >= 0) {
                opt = a.substring(0, 2);
                value = a.substring(2);
            }
            switch (opt) {
                case "-h":
                case "--help":
                    out.print(usage(prog, defaultFile));
                    return OK;
                case "-l":
                case "--less-secure":
                    lessSecure = true;
                    break;
                case "-k":
                case "--key-file":
                case "-s":
                case "--size":
                case "-r":
                case "--random-file":
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            err.println(prog + ": option " + opt + " needs a value");
                            err.print(usage(prog, defaultFile));
                            return USAGE;
                        }
                        value = args.get(++i);
                    }
                    if (opt.equals("-k") || opt.equals("--key-file")) {
                        file = Path.of(value);
                    } else if (opt.equals("-r") || opt.equals("--random-file")) {
                        randomFile = Path.of(value);
                    } else {
                        long n;
                        try {
                            n = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            n = -1;
                        }
                        String problem = KeyGenerator.checkSize(n);
                        if (problem != null) {
                            err.println(prog + ": " + problem);
                            return USAGE;
                        }
                        bytes = (int) n;
                    }
                    break;
                default:
                    err.println(prog + ": unexpected argument '" + a + "'");
                    err.print(usage(prog, defaultFile));
                    return USAGE;
            }
        }
        if (file == null) {
            err.println(prog + ": no key file given (-k FILE)");
            return USAGE;
        }
        out.println("Chorus authentication key generator (corosync-keygen compatible).");
        boolean replacing = Files.exists(file);
        try {
            if (randomFile != null) {
                out.println("Gathering " + bytes * 8 + " bits for key from " + randomFile + ".");
                KeyGenerator.generate(file, bytes, randomFile);
            } else {
                SecureRandom random = lessSecure ? KeyGenerator.lessSecureRandom() : KeyGenerator.strongRandom();
                out.println("Gathering " + bytes * 8 + " bits for key from " + (lessSecure ? "the default" : "the strong")
                        + " SecureRandom (" + random.getAlgorithm() + ").");
                KeyGenerator.generate(file, bytes, random);
            }
        } catch (IOException e) {
            err.println(prog + ": " + e.getMessage());
            return WRITE_FAILED;
        }
        out.println("Writing corosync key to " + file + "." + (replacing ? " (The existing key was replaced.)" : ""));
        return OK;
    }
}
