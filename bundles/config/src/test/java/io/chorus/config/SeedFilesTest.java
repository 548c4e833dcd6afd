package io.chorus.config;

import org.junit.Test;

import java.util.List;

import static io.chorus.config.TestFiles.load;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Every corosync.conf / openais.conf / network.conf printed in the seed documents parses to the expected model. */
public class SeedFilesTest {

    @Test
    public void quickstartOpenais070() {
        ChorusConfig c = load("seeds/quickstart-openais.conf");
        assertEquals(Era.OPENAIS_070, c.era());
        TotemSettings t = c.totem();
        InterfaceSettings ring = t.interfaces().get(0);
        assertEquals("192.168.1.0", ring.bindNetAddr().getHostAddress());
        assertEquals("226.94.1.1", ring.mcastAddr().getHostAddress());
        assertEquals(5405, ring.mcastPort());
        assertEquals(Transport.UDP, t.transport());
        assertEquals(200, t.token());
        assertEquals(50, t.tokenRetransmit());
        assertEquals(30, t.hold());
        assertEquals(4, t.tokenRetransmitsBeforeLossConst());
        assertEquals(100, t.join());
        assertEquals(200, t.consensus());
        assertEquals(200, t.merge());
        assertEquals(1000, t.downcheck());
        assertEquals(250, t.failRecvConst());
        assertEquals(ValueSource.EXPLICIT, t.values().source("hold"));
        assertEquals(23, t.values().entry("fail_recv_const").orElseThrow().line());
        LoggingSettings l = c.logging();
        assertTrue(l.toLogfile());
        assertTrue(l.toStderr());
        assertTrue(l.toSyslog());
        assertEquals("/tmp/ais", l.logfile());
        assertEquals("on", l.debug());
        assertEquals("on", l.timestamp());
        assertTrue("OpenAIS always encrypted", t.secauth());
    }

    @Test
    public void aisNetworkConf() {
        ChorusConfig c = load("seeds/network.conf");
        assertEquals(Era.AIS_NETWORK_CONF, c.era());
        InterfaceSettings ring = c.totem().interfaces().get(0);
        assertEquals("192.168.1.0", ring.bindNetAddr().getHostAddress());
        assertEquals("226.94.1.1", ring.mcastAddr().getHostAddress());
        assertEquals(6000, ring.mcastPort());
        assertEquals(1000, c.totem().token());
        assertEquals(238, c.totem().tokenRetransmit());
        assertEquals(180, c.totem().hold());
        assertEquals(1200, c.totem().consensus());
        assertEquals(100, c.totem().join());
    }

    @Test
    public void corosyncSetupGuidePrimaryAndSecondary() {
        for (String name : List.of("primary", "secondary")) {
            ChorusConfig c = load("seeds/corosync-setup-" + name + ".conf");
            assertEquals(Era.WHITETANK, c.era());
            TotemSettings t = c.totem();
            assertEquals(5000, t.token());
            assertEquals(20, t.tokenRetransmitsBeforeLossConst());
            assertEquals("5000 / 20.2", 247, t.tokenRetransmit());
            assertEquals("247 * 0.8 - 10", 187, t.hold());
            assertEquals(ValueSource.DERIVED, t.values().source("hold"));
            assertEquals(1000, t.join());
            assertEquals(7500, t.consensus());
            assertEquals("none", t.vsftype());
            assertEquals(20, t.maxMessages());
            assertTrue(t.clearNodeHighBit());
            assertFalse(t.secauth());
            assertFalse(t.cryptoEnabled());
            assertEquals(0, t.threads());
            assertFalse(t.nodeId().isPresent());
            assertEquals(RrpMode.PASSIVE, t.rrpMode());
            assertEquals(Transport.UDPU, t.transport());
            assertEquals(1, t.interfaces().size());
            InterfaceSettings ring = t.interfaces().get(0);
            assertEquals(name.equals("primary") ? "10.0.66.201" : "10.0.66.202", ring.bindNetAddr().getHostAddress());
            assertEquals(5405, ring.mcastPort());
            assertEquals(List.of("10.0.66.201", "10.0.66.202"),
                    ring.members().stream().map(a -> a.getHostAddress()).toList());
            assertFalse(c.amf().enabled());
            assertEquals(1, c.services().size());
            assertEquals("pacemaker", c.services().get(0).name());
            assertEquals(0, c.services().get(0).ver());
            assertEquals(47, c.services().get(0).line());
            assertEquals("root", c.aisexec().user());
            assertEquals("root", c.aisexec().group());
            LoggingSettings l = c.logging();
            assertFalse(l.fileline());
            assertTrue(l.toStderr());
            assertFalse(l.toLogfile());
            assertTrue(l.toSyslog());
            assertEquals("daemon", l.syslogFacility());
            assertEquals("off", l.debug());
            assertEquals("on", l.timestamp());
            assertEquals(1, l.subsystems().size());
            assertEquals("AMF", l.subsystems().get(0).subsys());
            assertEquals("off", l.subsystems().get(0).debug());
            assertEquals("enter|leave|trace1|trace2|trace3|trace4|trace6", l.subsystems().get(0).tags());
            assertTrue("no warnings expected: " + c.warnings(), c.warnings().isEmpty());
        }
    }
}
