package io.chorus.config;

import org.junit.Test;

import java.util.Map;

import static io.chorus.config.TestFiles.valid;
import static io.chorus.config.TestFiles.whitetank;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** Key specs: types, defaults, ranges, aliases, live-changeability; and runtime re-validation. */
public class KeyRegistryTest {

    @Test
    public void tokenIsALiveChangeableTimeout() {
        KeySpec token = KeyRegistry.lookup("totem.token").orElseThrow();
        assertEquals(KeyType.MS, token.type());
        assertEquals("1000", token.defaultValue());
        assertEquals(KeyRegistry.MINIMUM_TIMEOUT, token.min());
        assertTrue(token.liveChangeable());
        assertNull(token.restartReason());
        assertEquals(5000L, token.parse("5000").value());
        assertFalse(token.parse("29").ok());
    }

    @Test
    public void everyTimeoutAndLoggingKeyIsLive() {
        for (String k : new String[] {"token", "token_retransmit", "hold", "join", "consensus", "merge", "downcheck",
                "fail_recv_const", "seqno_unchanged_const", "miss_count_const", "window_size", "max_messages",
                "token_retransmits_before_loss_const"}) {
            assertTrue(k, KeyRegistry.lookup("totem." + k).orElseThrow().liveChangeable());
        }
        for (KeySpec s : KeyRegistry.section("logging")) {
            assertTrue(s.path(), s.liveChangeable());
        }
    }

    @Test
    public void addressesTransportNodeidCryptoRrpAndMtuNeedARestartWithAReason() {
        for (String k : new String[] {"totem.interface.bindnetaddr", "totem.interface.mcastaddr",
                "totem.interface.mcastport", "totem.transport", "totem.nodeid", "totem.secauth", "totem.crypto_cipher",
                "totem.crypto_hash", "totem.rrp_mode", "totem.netmtu", "nodelist.node.ring0_addr"}) {
            KeySpec s = KeyRegistry.lookup(k).orElseThrow();
            assertFalse(k, s.liveChangeable());
            assertTrue(k, s.restartReason() != null && s.restartReason().length() > 20);
        }
        assertTrue(KeyRegistry.lookup("totem.transport").orElseThrow().restartReason().contains("transport"));
    }

    @Test
    public void lookupAcceptsIndexesAndAliases() {
        assertEquals("totem.interface.mcastport", KeyRegistry.lookup("totem.interface.1.mcastport").orElseThrow().path());
        assertEquals("totem.token_retransmits_before_loss_const",
                KeyRegistry.lookup("timeout.retransmits_before_loss").orElseThrow().path());
        assertEquals("totem.fail_recv_const", KeyRegistry.lookup("totem.fail_to_recv_const").orElseThrow().path());
        assertEquals("logging.to_logfile", KeyRegistry.lookup("logging.to_file").orElseThrow().path());
        assertEquals("totem.interface.ringnumber", KeyRegistry.lookup("totem.interface.0.linknumber").orElseThrow().path());
        assertTrue(KeyRegistry.lookup("totem.tokn").isEmpty());
    }

    @Test
    public void boolSpellings() {
        KeySpec stderr = KeyRegistry.lookup("logging.to_stderr").orElseThrow();
        assertEquals(true, stderr.parse("on").value());
        assertEquals(false, stderr.parse("no").value());
        assertEquals("unknown value for to_stderr", stderr.parse("true").error());
        KeySpec clear = KeyRegistry.lookup("totem.clear_node_high_bit").orElseThrow();
        assertFalse("only yes|no outside logging", clear.parse("on").ok());
        KeySpec twoNode = KeyRegistry.lookup("quorum.two_node").orElseThrow();
        assertEquals(true, twoNode.parse("1").value());
        assertFalse(twoNode.parse("yes").ok());
    }

    @Test
    public void rangesOfPortsTtlAndNodeid() {
        assertFalse(KeyRegistry.lookup("totem.interface.mcastport").orElseThrow().parse("70000").ok());
        assertEquals("Invalid TTL (should be 0..255)",
                KeyRegistry.lookup("totem.interface.ttl").orElseThrow().parse("256").error());
        assertEquals(0L, KeyRegistry.lookup("totem.interface.ttl").orElseThrow().parse("0").value());
        assertFalse(KeyRegistry.lookup("totem.nodeid").orElseThrow().parse("0").ok());
        assertEquals(4294967295L, KeyRegistry.lookup("totem.nodeid").orElseThrow().parse("4294967295").value());
    }

    @Test
    public void validateChangesAcceptsLiveTimeoutsAndRefusesTheRest() {
        ChorusConfig c = valid(whitetank(" secauth: off\n", ""));
        assertTrue(KeyRegistry.validateChanges(c, Map.of("totem.token", "5000")).isEmpty());
        var refused = KeyRegistry.validateChanges(c, Map.of("totem.transport", "udpu"));
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).reason(), refused.get(0).reason().startsWith("totem.transport cannot change on a running node: "));
        var bad = KeyRegistry.validateChanges(c, Map.of("totem.token", "abc"));
        assertEquals("totem.token: invalid value 'abc' for token: expected milliseconds", bad.get(0).reason());
        var inconsistent = KeyRegistry.validateChanges(c, Map.of("totem.join", "2000"));
        assertEquals("The consensus timeout parameter (1200 ms) may not be less than join timeout (2000 ms).",
                inconsistent.get(0).reason());
    }

    @Test
    public void withChangesRederivesDependentValues() throws ConfigException {
        ChorusConfig c = valid(whitetank(" secauth: off\n", ""));
        ChorusConfig next = c.withChanges(Map.of("totem.token", "5000"));
        assertEquals(5000, next.totem().token());
        assertEquals(6000, next.totem().consensus());
        assertEquals(1190, next.totem().tokenRetransmit());
        assertEquals(1000, c.totem().token());
        ChorusConfig oa = valid("totem {\n bindnetaddr: 10.0.0.0\n mcastaddr: 239.1.1.1\n mcastport: 5405\n}\n"
                + "timeout {\n token: 800\n}\n");
        assertEquals(2000, oa.withChanges(Map.of("totem.token", "2000")).totem().token());
        assertEquals(7, next.totem().interfaces().get(0).mcastPort() - 5398);
    }
}
