package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.chorus.api.ChorusError;
import io.chorus.ipc.internal.AccessPolicy;
import io.chorus.ipc.internal.IpcServer;
import io.chorus.ipc.internal.IpcSettings;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Who may connect, with real processes under <em>other</em> identities (setpriv): root; a user in the allowed group
 * as primary or supplementary group; a uidgid user; and a stranger refused by the kernel (socket mode 0660 and
 * owner group) or, when the file is open to all, by the credential check with Corosync's log line.
 *
 * <p>Needs root (to start clients as other users) and setpriv, and is skipped without them. The admission decision
 * itself, and real connections admitted and refused by it, are tested for whichever user runs the build by
 * {@link AccessControlTest}, which needs neither.
 */
public class AccessControlOtherUsersTest {

    /** The allowed group (numeric; needs no /etc/group entry). */
    static final int GROUP = 4242;
    /** A uid admitted by a uidgid entry. */
    static final int UIDGID_USER = 4343;
    static final int NOBODY = 65534;

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static EchoGateway gateway;
    private static IpcServer server;
    private static Path socket;
    private static ChildJava java;

    @BeforeClass
    public static void start() throws Exception {
        assumeTrue("access-control tests need root (they run clients as other users)",
                "root".equals(System.getProperty("user.name")) || isUid0());
        assumeTrue("access-control tests need setpriv (util-linux)", Files.isExecutable(Path.of("/usr/bin/setpriv"))
                || Files.isExecutable(Path.of("/bin/setpriv")));
        Path root = tmp.getRoot().toPath();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        java = new ChildJava(root.resolve("cp"));
        socket = root.resolve("run").resolve("chorus.sock");
        gateway = new EchoGateway();
        AccessPolicy policy = new AccessPolicy(Set.of(UIDGID_USER), Set.of(GROUP), GROUP, List.of());
        server = new IpcServer(new IpcSettings(socket, PosixFilePermissions.fromString("rw-rw----"),
                IpcSettings.DEFAULT_MAX_OUTBOUND), policy, gateway);
        server.start();
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean isUid0() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS)) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @AfterClass
    public static void stop() {
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.shutdown();
        }
    }

    private static void mode(String perms) throws Exception {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(perms));
    }

    private static ChildJava.Result probeAs(String... setpriv) throws Exception {
        List<String> prefix = new java.util.ArrayList<>();
        prefix.add("setpriv");
        prefix.addAll(List.of(setpriv));
        return java.run(prefix, socket.toString(), "echo", String.valueOf(EchoGateway.ECHO), "hi");
    }

    @Test
    public void theSocketFileHasTheAllowedGroupAndMode0660() throws Exception {
        assertEquals(GROUP, Files.getAttribute(socket, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("rw-rw----", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));
    }

    @Test
    public void rootConnects() throws Exception {
        try (ChorusConnection c = ChorusConnection.connect(socket, "echo")) {
            assertEquals("root", IpcProtocol.text(c.call(EchoGateway.ECHO,
                    ByteBuffer.wrap("root".getBytes(StandardCharsets.UTF_8)))));
        }
    }

    @Test
    public void aStrangerIsRefusedByTheKernelAndByTheCredentialCheck() throws Exception {
        synchronized (AccessControlOtherUsersTest.class) {
            mode("rw-rw----");
            long before = server.refusedCount();
            ChildJava.Result kernel = probeAs("--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
            assertEquals(kernel.output(), ChorusError.ACCESS.code(), kernel.exit());
            assertEquals("EACCES from the kernel: the server never saw it", before, server.refusedCount());

            mode("rw-rw-rw-");
            try {
                ChildJava.Result app = probeAs("--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
                assertEquals(app.output(), ChorusError.ACCESS.code(), app.exit());
                assertTrue(app.output(), app.output().contains("not authenticated"));
                assertEquals(before + 1, server.refusedCount());
                assertTrue(TestLog.awaitLine("Connection with uid " + NOBODY + " and gid " + NOBODY
                        + " not authenticated"));
            } finally {
                mode("rw-rw----");
            }
        }
    }

    @Test
    public void theAllowedGroupAsSupplementaryGroupIsAdmitted() throws Exception {
        synchronized (AccessControlOtherUsersTest.class) {
            mode("rw-rw----");
            ChildJava.Result r = probeAs("--reuid=" + NOBODY, "--regid=" + NOBODY, "--groups=" + GROUP);
            assertEquals(r.output(), 0, r.exit());
            assertTrue(r.output(), r.output().endsWith("reply hi"));
        }
    }

    @Test
    public void theAllowedGroupAsPrimaryGroupIsAdmitted() throws Exception {
        synchronized (AccessControlOtherUsersTest.class) {
            mode("rw-rw----");
            ChildJava.Result r = probeAs("--reuid=" + NOBODY, "--regid=" + GROUP, "--clear-groups");
            assertEquals(r.output(), 0, r.exit());
            assertTrue(r.output(), r.output().endsWith("reply hi"));
        }
    }

    @Test
    public void aUidgidUserIsAdmittedThroughAnOpenSocket() throws Exception {
        synchronized (AccessControlOtherUsersTest.class) {
            mode("rw-rw-rw-");
            try {
                ChildJava.Result r = probeAs("--reuid=" + UIDGID_USER, "--regid=" + UIDGID_USER, "--clear-groups");
                assertEquals(r.output(), 0, r.exit());
            } finally {
                mode("rw-rw----");
            }
        }
    }
}
