package io.chorus.ipc.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chorus.config.CheckReport;
import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigLoader;
import io.chorus.config.Era;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/** services.md §1.2 per era of the configuration file. */
public class AccessPolicyTest {

    private static final Accounts HOST = new Accounts(
            Map.of("root", 0, "hacluster", 189, "nobody", 65534),
            Map.of("root", 0, "ais", 1001, "haclient", 189, "wheel", 10, "nogroup", 65534));

    private static ChorusConfig config(String text) {
        CheckReport r = ConfigLoader.checkText(text, "test.conf");
        assertTrue(r.problems().toString(), r.valid());
        return r.config();
    }

    private static final String OPENAIS_070 = "totem {\n bindnetaddr: 192.168.1.0\n mcastaddr: 226.94.1.1\n"
            + " mcastport: 5405\n}\n";
    private static final String WHITETANK = "totem {\n version: 2\n interface {\n  ringnumber: 0\n"
            + "  bindnetaddr: 192.168.1.0\n  mcastaddr: 226.94.1.1\n  mcastport: 5405\n }\n}\n";
    private static final String COROSYNC_3 = "totem {\n version: 2\n cluster_name: c\n}\n"
            + "nodelist {\n node {\n  ring0_addr: 127.0.0.1\n  nodeid: 1\n }\n}\n";

    @Test
    public void openais070AdmitsRootAndTheAisGroupOnly() {
        ChorusConfig c = config(OPENAIS_070);
        assertEquals(Era.OPENAIS_070, c.era());
        AccessPolicy p = AccessPolicy.of(c, HOST);
        assertTrue(p.admits(0, 0, new int[0]));
        assertTrue(p.admits(500, 1001, new int[0]));
        assertTrue("supplementary", p.admits(500, 500, new int[] {10, 1001}));
        assertFalse("gid 0 alone is not enough in 0.70", p.admits(500, 0, new int[0]));
        assertFalse(p.admits(65534, 65534, new int[0]));
        assertEquals(1001, p.socketGroup());
        assertEquals("rw-rw----", PosixFilePermissions.toString(p.socketMode()));
    }

    @Test
    public void whitetankAdmitsTheUnionOfWhitetankAndCorosync1Rules() {
        ChorusConfig c = config(WHITETANK + "aisexec {\n user: ais\n group: ais\n}\n"
                + "uidgid {\n uid: hacluster\n gid: haclient\n}\n");
        assertEquals(Era.WHITETANK, c.era());
        AccessPolicy p = AccessPolicy.of(c, HOST);
        assertTrue(p.admits(500, 0, new int[0]));
        assertTrue(p.admits(500, 1001, new int[0]));
        assertTrue("uidgid uid", p.admits(189, 65534, new int[0]));
        assertTrue("uidgid gid", p.admits(500, 189, new int[0]));
        assertTrue("uidgid gid as supplementary group", p.admits(500, 500, new int[] {189}));
        assertFalse(p.admits(65534, 65534, new int[] {10}));
        assertEquals(Set.of(189), p.uids());
        assertEquals("others than the owner group are admitted: the file is open, the check decides",
                "rw-rw-rw-", PosixFilePermissions.toString(p.socketMode()));
    }

    @Test
    public void corosync3AdmitsRootGid0AndUidgidAndIgnoresTheDefaultAisGroup() {
        ChorusConfig c = config(COROSYNC_3 + "uidgid {\n gid: haclient\n}\n");
        assertEquals(Era.COROSYNC_3, c.era());
        AccessPolicy p = AccessPolicy.of(c, HOST);
        assertTrue(p.admits(500, 0, new int[0]));
        assertTrue(p.admits(500, 500, new int[] {189}));
        assertFalse("the default aisexec group does not apply", p.admits(500, 1001, new int[0]));
        assertEquals(0, p.socketGroup());
    }

    @Test
    public void anExplicitAisexecGroupIsHonouredInEveryEra() {
        AccessPolicy p = AccessPolicy.of(config(COROSYNC_3 + "aisexec {\n group: wheel\n}\n"), HOST);
        assertTrue(p.admits(500, 500, new int[] {10}));
        assertEquals(10, p.socketGroup());
        assertEquals("rw-rw----", PosixFilePermissions.toString(p.socketMode()));
    }

    @Test
    public void anUnknownExplicitGroupIsFatalAndAnUnknownDefaultOnlyNoted() {
        try {
            AccessPolicy.of(config(WHITETANK + "aisexec {\n group: nosuchgroup\n}\n"), HOST);
            fail("unknown group must be refused");
        } catch (IllegalArgumentException e) {
            assertEquals("ERROR: The 'nosuchgroup' group is not found in /etc/group, please read the documentation.",
                    e.getMessage());
        }
        AccessPolicy p = AccessPolicy.of(config(OPENAIS_070), new Accounts(Map.of(), Map.of()));
        assertTrue(p.admits(0, 0, new int[0]));
        assertFalse(p.admits(500, 0, new int[0]));
        assertEquals(1, p.notes().size());
    }

    @Test
    public void numericNamesAreNumbers() {
        AccessPolicy p = AccessPolicy.of(config(COROSYNC_3 + "uidgid {\n uid: 4343\n}\n"), HOST);
        assertTrue(p.admits(4343, 4343, new int[0]));
    }

    @Test
    public void supplementaryGroupsComeFromProcStatus() {
        assertArrayEquals(new int[] {0, 4242, 65534},
                PeerGroups.parse("Name:\tjava\nUid:\t0\t0\t0\t0\nGroups:\t0 4242 65534 \nVmPeak:\t1 kB\n"));
        assertArrayEquals(new int[0], PeerGroups.parse("Name:\tx\nGroups:\t\n"));
        int pid = (int) ProcessHandle.current().pid();
        try {
            assertArrayEquals("of(pid) reads that process's status", PeerGroups.parse(
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/status"))), PeerGroups.of(pid));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void socketModesParse() {
        assertEquals("rw-rw----", PosixFilePermissions.toString(IpcSettings.parseMode("0660")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(IpcSettings.parseMode("750")));
    }
}
