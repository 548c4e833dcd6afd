package io.chorus.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster's shared secret, the {@code authkey} every node of a ring must hold byte for byte.
 *
 * <h2>Where it comes from</h2>
 * {@code totem.keyfile} when set (and only that file: a bad keyfile is fatal, there is no fallback, as in
 * Corosync); otherwise the first existing file of a candidate list the caller passes —
 * {@link #defaultCandidates} gives Chorus's list: {@code $COROSYNC_TOTEM_AUTHKEY_FILE} (Corosync 1.x),
 * {@code /etc/corosync/authkey}, then {@code etc/authkey} of the distribution. An inline {@code totem.key}
 * goes through {@link #of(byte[], String)}.
 *
 * <h2>Size rules (Corosync 3 / libknet)</h2>
 * At least {@value #MIN_BYTES} bytes (1024 bits); at most the first {@value #MAX_BYTES} bytes (32768 bits) of a
 * file are read and used — a longer file is not an error, as in Corosync's {@code read_keyfile}. An inline key
 * longer than {@value #MAX_BYTES} bytes is refused ({@code key is too long}), as Corosync does.
 *
 * <h2>Permissions (a Chorus rule; Corosync checks none)</h2>
 * On a POSIX file system a key file whose mode grants any read or write permission to others, or write
 * permission to its group, is refused with a message naming the file, its mode and the fix
 * ({@code chmod 400 FILE}). Group <em>read</em> is allowed, so a key may be shared with a service group
 * ({@code 0440 root:haclient}); group write is refused because whoever can replace the key can join the ring.
 *
 * <h2>Secrecy</h2>
 * The material never leaves this package: {@link #toString()} shows the source, the size and a
 * {@link #fingerprint()} (the first 8 bytes of its SHA-256, enough to compare keys between nodes).
 */
public final class AuthKey {

    /** Corosync 3's TOTEM_PRIVATE_KEY_LEN_MIN (libknet's KNET_MIN_KEY_LEN): 128 bytes, 1024 bits. */
    public static final int MIN_BYTES = 128;
    /** Corosync 3's TOTEM_PRIVATE_KEY_LEN_MAX (libknet's KNET_MAX_KEY_LEN): 4096 bytes. */
    public static final int MAX_BYTES = 4096;
    /** What {@code corosync-keygen} writes without {@code -s}: 256 bytes, 2048 bits. */
    public static final int DEFAULT_BYTES = 256;
    /** Corosync's default key file. */
    public static final Path COROSYNC_DEFAULT = Path.of("/etc/corosync/authkey");
    /** Corosync 1.x's environment override of the key location. */
    public static final String ENV_KEYFILE = "COROSYNC_TOTEM_AUTHKEY_FILE";

    private final byte[] material;
    private final String source;
    private final String fingerprint;

    private AuthKey(byte[] material, String source) {
        this.material = material;
        this.source = source;
        SHA256Digest d = new SHA256Digest();
        d.update(material, 0, material.length);
        byte[] h = new byte[d.getDigestSize()];
        d.doFinal(h, 0);
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            sb.append(Character.forDigit((h[i] >> 4) & 0xf, 16)).append(Character.forDigit(h[i] & 0xf, 16));
        }
        this.fingerprint = sb.toString();
    }

    /**
     * Chorus's default candidates, in order: {@code $COROSYNC_TOTEM_AUTHKEY_FILE} when set,
     * {@code /etc/corosync/authkey}, then {@code HOME/etc/authkey} when {@code home} is not null.
     */
    public static List<Path> defaultCandidates(Map<String, String> env, Path home) {
        List<Path> list = new ArrayList<>();
        String e = env == null ? null : env.get(ENV_KEYFILE);
        if (e != null && !e.isBlank()) {
            list.add(Path.of(e));
        }
        list.add(COROSYNC_DEFAULT);
        if (home != null) {
            list.add(home.resolve("etc").resolve("authkey"));
        }
        return list;
    }

    /**
     * Reads {@code keyfile} when not null (no fallback), else the first of {@code candidates} that exists.
     * When none exists the message names the first candidate ({@code Could not open FILE: No such file or
     * directory}) and lists the others.
     */
    public static AuthKey load(Path keyfile, List<Path> candidates) throws AuthKeyException {
        if (keyfile != null) {
            return read(keyfile);
        }
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("no keyfile and no default candidates");
        }
        for (Path c : candidates) {
            if (Files.exists(c)) {
                return read(c);
            }
        }
        String msg = "Could not open " + candidates.get(0) + ": No such file or directory";
        if (candidates.size() > 1) {
            msg += " (also looked for " + candidates.subList(1, candidates.size()).stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + ")";
        }
        throw new AuthKeyException(msg);
    }

    /** Reads one key file with the size and permission rules above. */
    public static AuthKey read(Path file) throws AuthKeyException {
        checkPermissions(file);
        byte[] buf = new byte[MAX_BYTES];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            try {
                int r;
                while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
                    n += r;
                }
            } catch (IOException e) {
                Arrays.fill(buf, (byte) 0);
                throw new AuthKeyException("Could not read " + file + ": " + reason(e), e);
            }
        } catch (AuthKeyException e) {
            throw e;
        } catch (IOException e) {
            throw new AuthKeyException("Could not open " + file + ": " + reason(e), e);
        }
        if (n < MIN_BYTES) {
            Arrays.fill(buf, (byte) 0);
            throw new AuthKeyException("Could only read " + n * 8 + " bits of " + MIN_BYTES * 8
                    + " bits from " + file + ".");
        }
        byte[] material = Arrays.copyOf(buf, n);
        Arrays.fill(buf, (byte) 0);
        return new AuthKey(material, file.toString());
    }

    /**
     * A key given inline ({@code totem.key}) or by a test: {@value #MIN_BYTES}..{@value #MAX_BYTES} bytes,
     * copied. {@code source} names it in messages.
     */
    public static AuthKey of(byte[] material, String source) throws AuthKeyException {
        if (material.length > MAX_BYTES) {
            throw new AuthKeyException(source + ": key is too long (" + material.length * 8 + " bits, at most "
                    + MAX_BYTES * 8 + ")");
        }
        if (material.length < MIN_BYTES) {
            throw new AuthKeyException(source + ": key is too short (" + material.length * 8 + " bits, at least "
                    + MIN_BYTES * 8 + ")");
        }
        return new AuthKey(material.clone(), source);
    }

    /** Where the key came from: the file path, or the name given to {@link #of}. */
    public String source() {
        return source;
    }

    /** Key length in bytes. */
    public int length() {
        return material.length;
    }

    /** Key length in bits. */
    public int bits() {
        return material.length * 8;
    }

    /** First 8 bytes of the SHA-256 of the key, in hex: equal on nodes that share the key. Not secret. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The material itself, for the key derivation of this package only. */
    byte[] material() {
        return material;
    }

    @Override
    public String toString() {
        return "authkey " + source + " (" + bits() + " bits, fingerprint " + fingerprint + ")";
    }

    private static void checkPermissions(Path file) throws AuthKeyException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new AuthKeyException("Could not open " + file + ": " + reason(e), e);
        }
        String problem = null;
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            problem = "lets every user " + (perms.contains(PosixFilePermission.OTHERS_READ) ? "read" : "write") + " it";
        } else if (perms.contains(PosixFilePermission.GROUP_WRITE)) {
            problem = "lets its group replace it";
        }
        if (problem != null) {
            throw new AuthKeyException("Refusing authkey " + file + ": its mode " + mode(perms) + " " + problem
                    + "; run chmod 400 " + file);
        }
    }

    /** The octal mode of a permission set, as {@code ls} users know it: {@code 0644}. */
    static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", m);
    }

    /** errno-like text for an I/O failure: what {@code strerror} would have said. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException) {
            String r = ((FileSystemException) e).getReason();
            if (r != null) {
                return r;
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
