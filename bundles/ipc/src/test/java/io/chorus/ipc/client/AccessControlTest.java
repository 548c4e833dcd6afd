package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.ipc.internal.AccessPolicy;
import io.chorus.ipc.internal.ClientAdmission;
import io.chorus.ipc.internal.IpcServer;
import io.chorus.ipc.internal.IpcSettings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Who may connect, for whichever user runs the build: the server's admission decision ({@link ClientAdmission}) for
 * made-up peers (root, an allowed uid, an allowed gid as primary or supplementary group, a stranger), and real
 * connections from this process that a policy admits by each of its own ids, or refuses when it names none of them.
 * No root and no other identities needed.
 *
 * <p>What cannot be done as one user is left to {@link AccessControlOtherUsersTest} (root and setpriv): clients
 * under other uids, the kernel's EACCES from the socket mode, and a refused connection when the build runs as root
 * (uid 0 is always admitted, so root cannot be refused; that one case is skipped here as root).
 */
public class AccessControlTest {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static Ids me;
    private static EchoGateway gateway;
    private static IpcServer server;
    private static Path socket;

    /** This process's effective uid and gid and its supplementary groups, as SO_PEERCRED and /proc show them. */
    record Ids(int pid, int uid, int gid, int[] groups) {
        static Ids self() throws IOException {
            int pid = (int) ProcessHandle.current().pid();
            String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
            return new Ids(pid, effective(status, "Uid:"), effective(status, "Gid:"), groups(status));
        }

        private static int effective(String status, String key) {
            for (String line : status.split("\n")) {
                if (line.startsWith(key)) {
                    return Integer.parseInt(line.substring(key.length()).trim().split("\\s+")[1]);
                }
            }
            throw new IllegalStateException("no " + key + " line in /proc/self/status");
        }

        private static int[] groups(String status) {
            for (String line : status.split("\n")) {
                if (line.startsWith("Groups:")) {
                    String rest = line.substring("Groups:".length()).trim();
                    return rest.isEmpty() ? new int[0] : Arrays.stream(rest.split("\\s+")).mapToInt(Integer::parseInt)
                            .toArray();
                }
            }
            return new int[0];
        }

        /** Supplementary groups other than the primary gid (those only the /proc read can admit). */
        int[] otherGroups() {
            return Arrays.stream(groups).filter(g -> g != gid).distinct().toArray();
        }

        /** A gid this process has neither as primary nor as supplementary group. */
        int foreignGid() {
            Set<Integer> mine = new TreeSet<>();
            mine.add(gid);
            Arrays.stream(groups).forEach(mine::add);
            int g = 4242;
            while (mine.contains(g)) {
                g++;
            }
            return g;
        }

        /** A uid that is not this process's and not root. */
        int foreignUid() {
            return uid == 4343 ? 4344 : 4343;
        }
    }

    @BeforeClass
    public static void start() throws Exception {
        me = Ids.self();
        Path root = tmp.getRoot().toPath();
        socket = root.resolve("run").resolve("chorus.sock");
        gateway = new EchoGateway();
        // Owner group: our own gid (any user may give a file it owns its own group). We own the file, so the kernel
        // lets us in whatever the mode: the credential check alone decides, which is what is tested here.
        server = new IpcServer(new IpcSettings(socket, PosixFilePermissions.fromString("rw-rw----"),
                IpcSettings.DEFAULT_MAX_OUTBOUND), admitting(Set.of(), Set.of(me.gid())), gateway);
        server.start();
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

    @Before
    public void noCredentialsLeftOver() {
        gateway.credentials.clear();
    }

    private static AccessPolicy admitting(Set<Integer> uids, Set<Integer> gids) {
        return new AccessPolicy(uids, gids, me.gid(), List.of());
    }

    /** Connects with the server admitting {@code policy}, calls echo once, returns the credentials the server saw. */
    private static ClientCredentials connectUnder(AccessPolicy policy) throws Exception {
        server.updatePolicy(policy);
        try (ChorusConnection c = ChorusConnection.connect(socket, "echo")) {
            assertEquals("hi", IpcProtocol.text(c.call(EchoGateway.ECHO,
                    ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)))));
        }
        ClientCredentials seen = gateway.credentials.poll(10, TimeUnit.SECONDS);
        assertNotNull("the gateway opened a session", seen);
        return seen;
    }

    // ---- the decision, for made-up peers (the same for any user running the build) ----

    private static final int ALLOWED_UID = 4343;
    private static final int ALLOWED_GID = 4242;
    private static final int STRANGER = 5000;
    private static final int PEER_PID = 777;
    private static final AccessPolicy ALLOWING = new AccessPolicy(Set.of(ALLOWED_UID), Set.of(ALLOWED_GID), 0,
            List.of());

    /** The pids whose supplementary groups the decision looked up. */
    private final List<Integer> groupLookups = new ArrayList<>();

    /** The server's decision for a peer whose supplementary groups are {@code groups}. */
    private boolean admits(int uid, int gid, int... groups) {
        return ClientAdmission.admits(ALLOWING, PEER_PID, uid, gid, pid -> {
            groupLookups.add(pid);
            return groups;
        });
    }

    @Test
    public void rootIsAdmittedWhateverThePolicyNames() {
        assertTrue(admits(0, STRANGER));
        assertEquals("uid 0 suffices: no /proc read", List.of(), groupLookups);
    }

    @Test
    public void anAllowedUidIsAdmitted() {
        assertTrue(admits(ALLOWED_UID, STRANGER));
        assertEquals("the uid suffices: no /proc read", List.of(), groupLookups);
    }

    @Test
    public void anAllowedPrimaryGidIsAdmitted() {
        assertTrue(admits(STRANGER, ALLOWED_GID));
        assertEquals("the primary gid suffices: no /proc read", List.of(), groupLookups);
    }

    @Test
    public void aMemberOfAnAllowedGroupIsAdmittedByItsSupplementaryGroups() {
        assertTrue(admits(STRANGER, STRANGER, 10, ALLOWED_GID));
        assertEquals("the peer's own groups were looked up", List.of(PEER_PID), groupLookups);
    }

    @Test
    public void aStrangerIsRefused() {
        assertFalse(admits(STRANGER, STRANGER, 10, STRANGER + 1));
        assertFalse("no supplementary groups known", admits(STRANGER, STRANGER));
    }

    // ---- real connections from this process ----

    /** Why the admit cases skip as root: uid 0 is admitted whatever the policy says, so they would prove nothing. */
    private static final String AS_ROOT_ADMITTED_ANYWAY = "uid 0 is always admitted: the decision is proven by the "
            + "ClientAdmission cases above and for other users by AccessControlOtherUsersTest";

    @Test
    public void theServerSeesThisProcessesCredentials() throws Exception {
        ClientCredentials seen = connectUnder(admitting(Set.of(), Set.of(me.gid())));
        assertEquals(me.pid(), seen.pid());
        assertEquals(me.uid(), seen.uid());
        assertEquals(me.gid(), seen.gid());
    }

    @Test
    public void admittedByItsPrimaryGroup() throws Exception {
        assumeTrue(AS_ROOT_ADMITTED_ANYWAY, me.uid() != 0);
        connectUnder(admitting(Set.of(), Set.of(me.gid())));
    }

    @Test
    public void admittedByItsUid() throws Exception {
        assumeTrue(AS_ROOT_ADMITTED_ANYWAY, me.uid() != 0);
        connectUnder(admitting(Set.of(me.uid()), Set.of(me.foreignGid())));
    }

    @Test
    public void admittedByEachOfItsSupplementaryGroups() throws Exception {
        assumeTrue("this process has no supplementary group besides its primary gid (root is also covered by "
                + "AccessControlOtherUsersTest)", me.otherGroups().length > 0);
        for (int g : me.otherGroups()) {
            connectUnder(admitting(Set.of(), Set.of(g)));
        }
    }

    @Test
    public void refusedWhenThePolicyNamesNoneOfItsIds() throws Exception {
        assumeTrue("uid 0 is always admitted; AccessControlOtherUsersTest refuses other users as root", me.uid() != 0);
        String line = "Connection with uid " + me.uid() + " and gid " + me.gid() + " not authenticated";
        long lines = TestLog.count(line);
        long refused = server.refusedCount();
        server.updatePolicy(admitting(Set.of(me.foreignUid()), Set.of(me.foreignGid())));
        try (ChorusConnection c = ChorusConnection.connect(socket, "echo")) {
            fail("connected although the policy admits none of uid " + me.uid() + ", gid " + me.gid() + ", groups "
                    + Arrays.toString(me.groups()));
        } catch (ChorusException e) {
            assertEquals(e.toString(), ChorusError.ACCESS, e.error());
        } finally {
            server.updatePolicy(admitting(Set.of(), Set.of(me.gid())));
        }
        assertEquals("the credential check refused it", refused + 1, server.refusedCount());
        assertTrue("the refusal is logged as Corosync logs it", awaitCount(line, lines + 1));
        assertTrue("no session was opened", gateway.credentials.isEmpty());
    }

    private static boolean awaitCount(String text, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (TestLog.count(text) >= atLeast) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
