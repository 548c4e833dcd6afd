package io.chorus.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Writes a new authkey, as {@code corosync-keygen} does: {@code bytes} random bytes
 * ({@value AuthKey#MIN_BYTES}..{@value AuthKey#MAX_BYTES}, default {@value AuthKey#DEFAULT_BYTES}) to a file of
 * mode 0400.
 *
 * <p>The file is written atomically: a temporary file of mode 0600 in the same directory, forced to disk,
 * chmod 0400, then renamed over the target. So a reader never sees half a key, and a failure leaves the old key
 * (if any) in place. Like {@code corosync-keygen}, an existing key is replaced (the caller says so on its
 * output) and a missing parent directory is an error ({@code Could not create FILE: No such file or directory}).
 *
 * <p>Random sources: {@link #strongRandom()} is {@link SecureRandom#getInstanceStrong()} — on Linux
 * {@code NativePRNGBlocking}, i.e. {@code /dev/random}, the seeds' {@code keygen}; {@link #lessSecureRandom()} is
 * {@code new SecureRandom()} — {@code NativePRNG}, {@code /dev/urandom} mixed with SHA1PRNG, what
 * {@code keygen -l} meant. Neither registers a provider.
 */
public final class KeyGenerator {

    private KeyGenerator() { }

    /** The platform's strong source ({@code securerandom.strongAlgorithms}; NativePRNGBlocking on Linux). */
    public static SecureRandom strongRandom() {
        try {
            return SecureRandom.getInstanceStrong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no strong SecureRandom on this JVM", e);
        }
    }

    /** The default, non-blocking source (NativePRNG on Linux: /dev/urandom). */
    public static SecureRandom lessSecureRandom() {
        return new SecureRandom();
    }

    /** Checks a key size in bytes against Corosync's range; returns an error text or null. */
    public static String checkSize(long bytes) {
        if (bytes < AuthKey.MIN_BYTES || bytes > AuthKey.MAX_BYTES) {
            return "Unsupported key size (supported <" + AuthKey.MIN_BYTES + "," + AuthKey.MAX_BYTES + ">)";
        }
        return null;
    }

    /** Generates {@code bytes} bytes from {@code random} and writes them to {@code file} (mode 0400, atomic). */
    public static void generate(Path file, int bytes, SecureRandom random) throws IOException {
        requireSize(bytes);
        byte[] key = new byte[bytes];
        try {
            random.nextBytes(key);
            write(file, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Reads {@code bytes} bytes from a random device or file (corosync-keygen's {@code -r}) into {@code file}. */
    public static void generate(Path file, int bytes, Path randomFile) throws IOException {
        requireSize(bytes);
        byte[] key = new byte[bytes];
        try {
            int n = 0;
            try (InputStream in = Files.newInputStream(randomFile)) {
                int r;
                while (n < bytes && (r = in.read(key, n, bytes - n)) > 0) {
                    n += r;
                }
            } catch (IOException e) {
                throw new IOException("Could not read " + randomFile + ": " + AuthKey.reason(e), e);
            }
            if (n < bytes) {
                throw new IOException("Could only read " + n * 8 + " bits of " + bytes * 8 + " bits from "
                        + randomFile + ".");
            }
            write(file, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Writes {@code key} to {@code file} atomically with mode 0400 (see the class comment). */
    public static void write(Path file, byte[] key) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("Could not create " + file + ": No such file or directory");
        }
        Path tmp;
        boolean posix = true;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            posix = false;
            tmp = createPlainTemp(dir, target, file);
        } catch (IOException e) {
            throw new IOException("Could not create " + file + ": " + AuthKey.reason(e), e);
        }
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(key);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            } catch (IOException e) {
                throw new IOException("Could not write " + file + ": " + AuthKey.reason(e), e);
            }
            if (posix) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
                } catch (IOException e) {
                    throw new IOException("Failed to set key file permissions to 0400: " + AuthKey.reason(e), e);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException("Could not create " + file + ": " + AuthKey.reason(e), e);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds a key nobody uses
                }
            }
        }
    }

    private static Path createPlainTemp(Path dir, Path target, Path file) throws IOException {
        try {
            return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new IOException("Could not create " + file + ": " + AuthKey.reason(e), e);
        }
    }

    private static void requireSize(int bytes) {
        String problem = checkSize(bytes);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
