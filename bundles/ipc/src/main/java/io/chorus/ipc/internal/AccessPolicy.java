package io.chorus.ipc.internal;

import io.chorus.config.ChorusConfig;
import io.chorus.config.Era;
import io.chorus.config.UidGid;
import io.chorus.config.ValueSource;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may connect over IPC (services.md §1.2), decided once per connection from the peer's credentials:
 * uid 0 always; a gid in {@link #gids()} as the peer's primary gid <em>or</em> one of its supplementary groups;
 * a uid in {@link #uids()}.
 *
 * <p>What the configuration allows, per era of the file:
 * <ul>
 * <li><b>AIS network.conf, OpenAIS 0.70</b> (0.70 {@code ipc.c}: {@code euid == 0 || egid == gid_valid}): root and
 *     the {@code aisexec { group }} group, default {@code ais}.</li>
 * <li><b>whitetank / Corosync 1.x</b>: whitetank admitted root, the aisexec group and {@code uidgid} entries;
 *     Corosync 1.x parsed but ignored the aisexec keys and admitted {@code euid 0 || egid 0 ||} uidgid entries.
 *     One era covers both files, so Chorus admits the union: root, gid 0, the aisexec group, uidgid entries.</li>
 * <li><b>Corosync 2/3</b>: root, gid 0 and uidgid entries; the aisexec group too, but only when the file names it
 *     (Corosync ignores the key; Chorus honours an explicit one rather than silently dropping it).</li>
 * </ul>
 * In every era the gid test also looks at supplementary groups (read from /proc), a Chorus extension: the
 * C daemons compared the primary gid only. A {@code uidgid} entry admits its uid and its gid independently
 * (Corosync's {@code euid == ugi->uid || egid == ugi->gid}). An explicit aisexec group that does not exist is an
 * error (whitetank's fatal {@code GID_DETERMINE}); the default {@code ais} missing is only noted, as most hosts
 * have no such group. Unknown uidgid names are skipped with a warning.
 *
 * <p>The socket file gets the aisexec group (else root's group) as its owner group and mode 0660, so the kernel
 * already refuses everybody else; when uids or other gids are admitted it gets 0666 and the credential check
 * alone decides.
 */
public final class AccessPolicy {

    private final Set<Integer> uids;
    private final Set<Integer> gids;
    private final int socketGroup;
    private final List<String> notes;

    public AccessPolicy(Set<Integer> uids, Set<Integer> gids, int socketGroup, List<String> notes) {
        this.uids = Set.copyOf(uids);
        this.gids = Set.copyOf(gids);
        this.socketGroup = socketGroup;
        this.notes = List.copyOf(notes);
    }

    /** Root only; the socket is owned by group 0. */
    public static AccessPolicy rootOnly() {
        return new AccessPolicy(Set.of(), Set.of(0), 0, List.of());
    }

    /**
     * The policy of {@code config} (see the class comment).
     *
     * @throws IllegalArgumentException when the file names an aisexec group the host does not have
     */
    public static AccessPolicy of(ChorusConfig config, Accounts accounts) {
        Era era = config.era();
        Set<Integer> uids = new TreeSet<>();
        Set<Integer> gids = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        Integer groupGid = null;

        String group = config.aisexec().group();
        boolean explicit = config.aisexec().values().source("group") == ValueSource.EXPLICIT;
        boolean useGroup = era != Era.COROSYNC_3 || explicit;
        if (useGroup && group != null) {
            OptionalInt g = accounts.gid(group);
            if (g.isPresent()) {
                gids.add(g.getAsInt());
                groupGid = g.getAsInt();
            } else if (explicit) {
                throw new IllegalArgumentException("ERROR: The '" + group
                        + "' group is not found in /etc/group, please read the documentation.");
            } else {
                notes.add("the default aisexec group '" + group + "' does not exist on this host");
            }
        }
        if (era == Era.WHITETANK || era == Era.COROSYNC_3) {
            gids.add(0);
        }
        for (UidGid e : config.uidgids()) {
            if (e.uid() != null) {
                OptionalInt u = accounts.uid(e.uid());
                if (u.isPresent()) {
                    uids.add(u.getAsInt());
                } else {
                    notes.add(e.file() + ":" + e.line() + ": uidgid user '" + e.uid() + "' not found; entry ignored");
                }
            }
            if (e.gid() != null) {
                OptionalInt g = accounts.gid(e.gid());
                if (g.isPresent()) {
                    gids.add(g.getAsInt());
                } else {
                    notes.add(e.file() + ":" + e.line() + ": uidgid group '" + e.gid() + "' not found; entry ignored");
                }
            }
        }
        return new AccessPolicy(uids, gids, groupGid == null ? 0 : groupGid, notes);
    }

    /** Whether a peer with these credentials may connect. */
    public boolean admits(int uid, int gid, int[] supplementary) {
        if (uid == 0 || uids.contains(uid) || gids.contains(gid)) {
            return true;
        }
        for (int g : supplementary) {
            if (gids.contains(g)) {
                return true;
            }
        }
        return false;
    }

    public Set<Integer> uids() {
        return uids;
    }

    public Set<Integer> gids() {
        return gids;
    }

    /** The owner group to give the socket file. */
    public int socketGroup() {
        return socketGroup;
    }

    /** 0660 when the owner group covers every admitted gid and no uid is admitted, else 0666. */
    public Set<PosixFilePermission> socketMode() {
        boolean groupSuffices = uids.isEmpty() && gids.stream().allMatch(g -> g == 0 || g == socketGroup);
        return PosixFilePermissions.fromString(groupSuffices ? "rw-rw----" : "rw-rw-rw-");
    }

    /** Things worth a log line (missing default group, skipped uidgid entries). */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("uid 0");
        if (!gids.isEmpty()) {
            b.append(", gid ").append(gids).append(" (primary or supplementary)");
        }
        if (!uids.isEmpty()) {
            b.append(", uid ").append(uids);
        }
        return b.toString();
    }
}
