package io.chorus.config;

import org.junit.Test;

import static io.chorus.config.TestFiles.assertError;
import static io.chorus.config.TestFiles.assertWarning;
import static io.chorus.config.TestFiles.check;
import static io.chorus.config.TestFiles.valid;
import static io.chorus.config.TestFiles.whitetank;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Cross-key checks and the QUICKSTART's promised errors (services.md 2.4), with their lines. */
public class ValidationTest {

    private static CheckReport file(String resource) {
        return ConfigLoader.check(TestFiles.resource(resource));
    }

    @Test
    public void e1MissingMulticastAddress() {
        assertError(file("broken/no-mcastaddr.conf"), 3, "No multicast address specified");
    }

    @Test
    public void e1MissingPortAndBindnetInOpenais070() {
        assertError(file("broken/oa070-no-port.conf"), 1, "No multicast port specified");
        assertError(file("broken/oa070-no-bindnet.conf"), 1, "No bindnet specified");
        CheckReport all = check("totem {\n}\n");
        assertEquals(3, all.errors().size());
    }

    @Test
    public void e2FileLoggingWithoutLogfile() {
        assertError(file("broken/logoutput-file-no-logfile.conf"), 8, "logmode set to 'file' but no logfile specified");
        assertError(check(whitetank("", "logging {\n to_logfile: yes\n}\n")), 11,
                "logmode set to 'file' but no logfile specified");
        assertError(check(whitetank("", "logging {\n to_file: yes\n}\n")), 11,
                "logmode set to 'file' but no logfile specified");
    }

    @Test
    public void e3MissingClosingBrace() {
        CheckReport r = file("broken/missing-brace.conf");
        assertError(r, 1, "Missing closing brace");
        assertTrue(r.errors().get(0).toString().endsWith("missing-brace.conf:1: Missing closing brace"));
    }

    @Test
    public void versionMustBeTwo() {
        assertError(check(whitetank("", "").replace("version: 2", "version: 3")), 2,
                "This totem parser can only parse version 2 configurations.");
        assertError(check(whitetank("", "").replace(" version: 2\n", "")), 1,
                "This totem parser can only parse version 2 configurations.");
    }

    @Test
    public void timeoutsHaveAMinimum() {
        assertError(check(whitetank(" token: 20\n token_retransmit: 40\n hold: 35\n consensus: 100\n", "")), 3,
                "The token timeout parameter (20 ms) may not be less than (30 ms).");
        assertError(check(whitetank(" join: 10\n", "")), 3,
                "The join timeout parameter (10 ms) may not be less than (30 ms).");
    }

    @Test
    public void consensusMayNotBeLessThanJoin() {
        assertError(check(whitetank(" join: 500\n consensus: 400\n", "")), 4,
                "The consensus timeout parameter (400 ms) may not be less than join timeout (500 ms).");
    }

    @Test
    public void consensusBelowTokenWarnsForThreeOrMoreNodes() {
        String text = "totem {\n version: 2\n token: 3000\n consensus: 2000\n token_coefficient: 0\n}\n"
                + "nodelist {\n node {\n  ring0_addr: 10.0.0.1\n }\n node {\n  ring0_addr: 10.0.0.2\n }\n"
                + " node {\n  ring0_addr: 10.0.0.3\n }\n}\n";
        CheckReport r = check(text);
        assertTrue(r.errors().toString(), r.valid());
        assertWarning(r, 4, "should be greater than token");
    }

    @Test
    public void rrpModeValuesAndInterfaceCount() {
        assertError(check(whitetank(" rrp_mode: fast\n", "")), 3,
                "The RRP mode \"fast\" specified is invalid.  It must be none, active, or passive.");
        String twoRings = "totem {\n version: 2\n interface {\n  ringnumber: 0\n  bindnetaddr: 10.0.0.0\n"
                + "  mcastaddr: 239.1.1.1\n  mcastport: 5405\n }\n interface {\n  ringnumber: 1\n"
                + "  bindnetaddr: 10.1.0.0\n  mcastaddr: 239.1.1.2\n  mcastport: 5405\n }\n}\n";
        assertError(check(twoRings), 1, "2 is too many configured interfaces for the rrp_mode setting none.");
        assertTrue(check(twoRings.replace(" version: 2\n", " version: 2\n rrp_mode: passive\n")).valid());
        assertError(check(twoRings.replace("ringnumber: 1", "ringnumber: 0")
                .replace(" version: 2\n", " version: 2\n rrp_mode: active\n")), 10, "interface ring number 0 is defined twice");
        assertError(check(twoRings.replace("ringnumber: 1", "ringnumber: 5")
                .replace(" version: 2\n", " version: 2\n rrp_mode: active\n")), 11,
                "interface ring number 5 is bigger than allowed maximum 1");
    }

    @Test
    public void netmtuAndMaxMessagesBounds() {
        assertError(check(whitetank(" netmtu: 20000\n", "")), 3,
                "This net_mtu parameter is greater than the maximum frame size");
        assertError(check(whitetank(" netmtu: 9000\n max_messages: 200\n", "")), 4,
                "The max_messages parameter (200 messages) may not be greater than (116 messages).");
        assertEquals(200, valid(whitetank(" max_messages: 200\n", "")).totem().maxMessages());
    }

    @Test
    public void ttlRangeAndTransport() {
        assertError(check(whitetank("", "").replace("mcastport: 5405", "mcastport: 5405\n  ttl: 300")), 8,
                "Invalid TTL (should be 0..255)");
        String udpu = "totem {\n version: 2\n transport: udpu\n interface {\n  bindnetaddr: 10.0.0.0\n"
                + "  mcastport: 5405\n  ttl: 4\n  member {\n   memberaddr: 10.0.0.1\n  }\n }\n}\n";
        assertError(check(udpu), 7, "Can only set ttl on multicast transport types");
        assertError(check(whitetank(" transport: tcp\n", "")), 3,
                "unknown value 'tcp' for transport, must be one of udp, udpu, iba, knet");
        assertError(check(whitetank(" transport: knet\n", "")), 3,
                "transport type knet is unsupported (Chorus speaks udp and udpu)");
    }

    @Test
    public void mcastaddrMustBeMulticastOfTheSameFamily() {
        assertError(check(whitetank("", "").replace("226.94.1.1", "192.168.1.1")), 6,
                "mcastaddr is not a correct multicast address.");
        assertError(check(whitetank(" nodeid: 3\n", "").replace("226.94.1.1", "ff15::1")), 7,
                "Multicast address family does not match bind address family");
    }

    @Test
    public void udpuNeedsMembersOrNodelist() {
        String udpu = "totem {\n version: 2\n transport: udpu\n interface {\n  bindnetaddr: 10.0.0.0\n"
                + "  mcastport: 5405\n }\n}\n";
        assertError(check(udpu), 4, "transport udpu needs member { memberaddr } entries in every interface, or a nodelist");
        assertError(check(udpu.replace("  mcastport: 5405\n", "  mcastport: 5405\n  member {\n   addr: 10.0.0.1\n  }\n")),
                8, "Only memberaddr is allowed in member section");
    }

    @Test
    public void nodeidRequiredForIpv6() {
        String v6 = "totem {\n version: 2\n interface {\n  bindnetaddr: fd00::\n  mcastaddr: ff15::1\n"
                + "  mcastport: 5405\n }\n}\n";
        assertError(check(v6), 4, "An IPV6 network requires that a node ID be specified.");
        String nodes = "totem {\n version: 2\n}\nnodelist {\n node {\n  ring0_addr: fd00::1\n }\n}\n";
        assertError(check(nodes), 5, "An IPV6 network requires that a node ID be specified.");
    }

    @Test
    public void nodelistDuplicates() {
        String nodes = "totem {\n version: 2\n}\nnodelist {\n node {\n  ring0_addr: 10.0.0.1\n  nodeid: 1\n }\n"
                + " node {\n  ring0_addr: 10.0.0.2\n  nodeid: 1\n }\n}\n";
        assertError(check(nodes), 9, "nodeid 1 is already used by the node at line 5");
    }

    @Test
    public void badBooleanAndEnumValues() {
        assertError(check(whitetank("", "logging {\n to_stderr: maybe\n}\n")), 11, "unknown value for to_stderr");
        assertError(check(whitetank(" secauth: maybe\n", "")), 3, "unknown value for secauth");
        assertError(check(whitetank("", "logging {\n syslog_facility: local9\n}\n")), 11,
                "unknown syslog facility specified");
        assertError(check("compatibility: corosync\n" + whitetank("", "")), 1,
                "Invalid compatibility option 'corosync' specified, must be none or whitetank.");
        assertError(check(whitetank(" token: fast\n", "")), 3, "invalid value 'fast' for token: expected milliseconds");
    }

    @Test
    public void loggerDirectivesNeedTheirName() {
        assertError(check(whitetank("", "logging {\n logger_subsys {\n  debug: on\n }\n}\n")), 11,
                "subsys required for logger directive");
        assertError(check(whitetank("", "logging {\n logger {\n  debug: on\n }\n}\n")), 11,
                "ident required for logger directive");
    }

    @Test
    public void uidgidAllowsOnlyUidAndGid() {
        assertError(check(whitetank("", "uidgid {\n uid: 5\n user: x\n}\n")), 12,
                "uidgid: Only uid and gid are allowed items");
    }

    @Test
    public void unknownKeysAndSectionsWarnButDoNotFail() {
        CheckReport r = check(whitetank(" tokn: 5000\n", "frobnicate {\n x: 1\n}\n"));
        assertTrue(TestFiles.errors(r), r.valid());
        assertWarning(r, 3, "unknown key 'tokn' in section totem");
        assertWarning(r, 11, "unknown section 'frobnicate'");
    }

    @Test
    public void secauthOffForcesThreadsToZero() {
        ChorusConfig c = valid(whitetank(" secauth: off\n threads: 4\n", ""));
        assertEquals(0, c.totem().threads());
        assertEquals(ValueSource.DERIVED, c.totem().values().source("threads"));
        assertEquals(4, valid(whitetank(" threads: 4\n", "")).totem().threads());
        assertFalse(valid(whitetank(" secauth: off\n", "")).totem().cryptoEnabled());
    }

    @Test
    public void cryptoCipherNeedsHash() {
        assertError(check("totem {\n version: 2\n crypto_cipher: aes256\n}\nnodelist {\n node {\n  ring0_addr: 10.0.0.1\n }\n}\n"),
                3, "crypto_cipher requires crypto_hash with value other than none");
    }
}
