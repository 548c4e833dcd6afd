package io.chorus.config;

import org.junit.Test;

import java.nio.file.Path;
import java.util.List;

import static io.chorus.config.TestFiles.load;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Hand-written files in each era's style, and the distribution's own etc/corosync.conf. */
public class ExampleFilesTest {

    @Test
    public void whitetankTwoRings() {
        ChorusConfig c = load("examples/whitetank.conf");
        assertEquals(Era.WHITETANK, c.era());
        TotemSettings t = c.totem();
        assertEquals(17, t.nodeId().getAsLong());
        assertTrue(t.secauth());
        assertEquals(2, t.threads());
        assertEquals(RrpMode.ACTIVE, t.rrpMode());
        assertEquals(2, t.interfaces().size());
        assertEquals(1, t.interfaces().get(1).ringNumber());
        assertEquals(3, t.interfaces().get(1).ttl());
        assertEquals(1, t.interfaces().get(0).ttl());
        assertEquals(5407, t.interfaces().get(1).mcastPort());
        assertEquals(1000, t.token());
        assertEquals(50, t.join());
        assertEquals(1200, t.consensus());
        assertTrue("to_file is whitetank's to_logfile", c.logging().toLogfile());
        assertEquals("/var/log/openais.log", c.logging().logfile());
        assertEquals("CKPT", c.logging().subsystems().get(0).subsys());
        assertEquals("on", c.logging().subsystems().get(0).debug());
        assertEquals(2000, c.event().deliveryQueueSize());
        assertEquals(1500, c.event().deliveryQueueResume());
        assertTrue(c.amf().enabled());
        assertEquals("openais_ckpt", c.services().get(0).name());
    }

    @Test
    public void corosync1Multicast() {
        ChorusConfig c = load("examples/corosync1.conf");
        assertEquals(Era.WHITETANK, c.era());
        assertEquals("whitetank", c.compatibility().orElseThrow());
        assertEquals(3000, c.totem().token());
        assertEquals(714, c.totem().tokenRetransmit());
        assertEquals(561, c.totem().hold());
        assertEquals(3600, c.totem().consensus());
        assertEquals("local4", c.logging().syslogFacility());
        assertFalse(c.logging().toStderr());
        assertEquals("corosync_votequorum", c.quorum().provider());
        assertEquals(3, c.quorum().expectedVotes().getAsInt());
        assertEquals("QUORUM", c.logging().subsystems().get(0).subsys());
        assertEquals(1, c.services().get(0).ver());
    }

    @Test
    public void corosync3FourNodesScalesTokenAsCorosyncWireSays() {
        ChorusConfig c = load("examples/corosync3-4nodes.conf");
        assertEquals(Era.COROSYNC_3, c.era());
        TotemSettings t = c.totem();
        assertEquals("3000 + 2 * 650", 4300, t.token());
        assertEquals(1023, t.tokenRetransmit());
        assertEquals(808, t.hold());
        assertEquals(5160, t.consensus());
        assertEquals(50, t.join());
        assertEquals(2500, t.failRecvConst());
        assertEquals(ValueSource.DERIVED, t.values().source("token"));
        assertEquals(Transport.UDP, t.transport());
        assertFalse(t.cryptoEnabled());
        assertEquals(4, c.nodelist().size());
        NodeEntry delta = c.nodelist().get(3);
        assertEquals("10.231.0.4 read big-endian", 0x0AE70004L, delta.nodeId());
        assertTrue(delta.nodeIdDerived());
        assertEquals("delta", delta.name());
        assertEquals("hash of 'lab' = 724", "239.192.2.214", t.interfaces().get(0).mcastAddr().getHostAddress());
        assertEquals(5405, t.interfaces().get(0).mcastPort());
        assertEquals(4, c.quorum().expectedVotes().getAsInt());
        assertEquals(ValueSource.DERIVED, c.quorum().values().source("expected_votes"));
    }

    @Test
    public void corosync3Ipv6TwoNode() {
        ChorusConfig c = load("examples/corosync3-ipv6-two-node.conf");
        assertEquals(5000, c.totem().token());
        assertEquals(1190, c.totem().tokenRetransmit());
        assertEquals(942, c.totem().hold());
        assertEquals(6000, c.totem().consensus());
        assertEquals(Transport.UDPU, c.totem().transport());
        assertTrue(c.quorum().twoNode());
        assertTrue("wait_for_all follows two_node", c.quorum().waitForAll());
        assertEquals(2, c.quorum().expectedVotes().getAsInt());
    }

    @Test
    public void includeFolders() {
        ChorusConfig c = load("examples/includes/corosync.conf");
        assertEquals(List.of("corosync_cpg", "pacemaker"), c.services().stream().map(ServiceStanza::name).toList());
        ServiceStanza pcmk = c.services().get(1);
        assertTrue(pcmk.file().endsWith("service.d/pcmk"));
        assertEquals(2, pcmk.line());
        assertEquals("yes", pcmk.extra().get("use_mgmtd"));
        assertEquals(1, c.uidgids().size());
        assertEquals("hacluster", c.uidgids().get(0).uid());
        assertEquals("haclient", c.uidgids().get(0).gid());
    }

    @org.junit.Rule
    public org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

    @Test
    public void includeFolderErrorsNameTheIncludedFile() throws Exception {
        Path dir = tmp.newFolder("chorus-inc").toPath();
        java.nio.file.Files.writeString(dir.resolve("corosync.conf"),
                TestFiles.whitetank(" secauth: off\n", ""));
        java.nio.file.Files.createDirectory(dir.resolve("service.d"));
        java.nio.file.Files.writeString(dir.resolve("service.d").resolve("broken"), "service {\n name: x\n ver: abc\n}\n");
        CheckReport r = ConfigLoader.check(dir.resolve("corosync.conf"));
        assertFalse(r.valid());
        assertEquals(dir.resolve("service.d").resolve("broken") + ":3: invalid value 'abc' for ver: expected an integer",
                r.errors().get(0).toString());
    }

    @Test
    public void distributionDefaultFile() {
        Path etc = Path.of(System.getProperty("user.dir")).resolve("../../etc/corosync.conf").normalize();
        ChorusConfig c;
        try {
            c = ConfigLoader.load(etc);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage());
        }
        assertEquals(Era.COROSYNC_3, c.era());
        assertEquals(Transport.UDPU, c.totem().transport());
        assertEquals(3, c.nodelist().size());
        assertEquals("127.0.0.3", c.nodelist().get(2).ring0Addr());
        assertEquals(3, c.nodelist().get(2).nodeId());
        assertEquals(3650, c.totem().token());
        assertEquals(869, c.totem().tokenRetransmit());
        assertEquals(685, c.totem().hold());
        assertEquals(4380, c.totem().consensus());
        assertEquals(5405, c.totem().interfaces().get(0).mcastPort());
        assertFalse(c.totem().cryptoEnabled());
        assertTrue(c.logging().toStderr());
        assertEquals("data/chorus", c.system().stateDir());
        assertEquals(Path.of("/opt/chorus/data/chorus"), c.system().resolvedStateDir(Path.of("/opt/chorus")));
    }
}
