package io.chorus.ipc.internal;

import io.chorus.ipc.client.IpcProtocol;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the IPC server.
 *
 * @param socket           the socket file
 * @param mode             the socket file's mode, or null for the policy's choice ({@link AccessPolicy#socketMode()})
 * @param maxOutboundBytes per connection: answers and callbacks queued for a client that has not read them yet;
 *                         beyond it the client is disconnected (never waited for)
 */
public record IpcSettings(Path socket, Set<PosixFilePermission> mode, long maxOutboundBytes) {

    /** Default per-connection outbound bound: 8 MiB (8 maximum-size messages). */
    public static final long DEFAULT_MAX_OUTBOUND = 8L << 20;

    public IpcSettings {
        if (maxOutboundBytes < 2L * (IpcProtocol.HEADER_SIZE + IpcProtocol.MAX_BODY)) {
            throw new IllegalArgumentException("max outbound bytes " + maxOutboundBytes
                    + " is below two maximum-size frames");
        }
        mode = mode == null ? null : Set.copyOf(mode);
    }

    public static IpcSettings of(Path socket) {
        return new IpcSettings(socket, null, DEFAULT_MAX_OUTBOUND);
    }

    /**
     * The default socket: {@code -Dchorus.ipc.socket}, else {@code ${karaf.data}/run/chorus.sock} inside Karaf
     * (each local-cluster node has its own data folder), else {@code /run/chorus/chorus.sock}.
     */
    public static Path defaultSocket(Map<String, String> systemProperties) {
        String p = systemProperties.get(IpcProtocol.PROP_SOCKET);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String data = systemProperties.get("karaf.data");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "run", "chorus.sock");
        }
        return Path.of(IpcProtocol.DEFAULT_SOCKET);
    }

    /** An octal mode such as {@code 0660} or {@code 660}. */
    public static Set<PosixFilePermission> parseMode(String octal) {
        int m = Integer.parseInt(octal.trim(), 8);
        if (m < 0 || m > 0777) {
            throw new IllegalArgumentException("socket mode " + octal + " is not within 0000..0777");
        }
        StringBuilder s = new StringBuilder();
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((m & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
