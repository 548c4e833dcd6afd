package io.chorus.config.internal.cm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.chorus.config.ChorusConfig;
import io.chorus.config.CheckReport;
import io.chorus.config.ConfigChangeEvent;
import io.chorus.config.ConfigLoader;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;

public class ChangeProcessorTest {

    static final String CONF = String.join("\n",
            "totem {",
            "  version: 2",
            "  cluster_name: test",
            "  transport: udpu",
            "  token: 3000",
            "}",
            "logging {",
            "  to_stderr: no",
            "  debug: off",
            "  logger_subsys {",
            "    subsys: TOTEM",
            "    debug: on",
            "  }",
            "}",
            "quorum {",
            "  provider: corosync_votequorum",
            "}",
            "nodelist {",
            "  node {",
            "    ring0_addr: 127.0.0.1",
            "    nodeid: 1",
            "  }",
            "}",
            "service {",
            "  name: pacemaker",
            "  ver: 1",
            "}",
            "");

    static ChorusConfig config() {
        CheckReport r = ConfigLoader.checkText(CONF, "corosync.conf");
        assertTrue(r.problems().toString(), r.valid());
        return r.config();
    }

    static Map<String, String> totem(ChorusConfig c) {
        return PidMapping.sectionProperties(c).get("io.chorus.totem");
    }

    @Test
    public void sectionsMapToPidsWithExplicitValuesOnly() {
        Map<String, Map<String, String>> pids = PidMapping.sectionProperties(config());
        assertEquals("3000", pids.get("io.chorus.totem").get("token"));
        assertFalse("derived consensus is not written", pids.get("io.chorus.totem").containsKey("consensus"));
        assertEquals("udpu", pids.get("io.chorus.totem").get("transport"));
        assertEquals("127.0.0.1", pids.get("io.chorus.nodelist").get("node.0.ring0_addr"));
        assertEquals("corosync_votequorum", pids.get("io.chorus.quorum").get("provider"));
        assertEquals("TOTEM", pids.get("io.chorus.logging").get("logger_subsys.0.subsys"));
    }

    @Test
    public void defaultServicesGetConfigurationsUnlessDefaultservicesIsNo() {
        ChorusConfig c = config(); // Corosync 3 era, one pacemaker stanza
        Map<String, Map<String, String>> services = PidMapping.serviceProperties(c);
        assertEquals(PidMapping.defaultServices(c.era()).size() + 1, services.size());
        assertEquals(Map.of("name", "corosync_cpg", "ver", "0"), services.get("corosync_cpg"));
        assertEquals(Map.of("name", "pacemaker", "ver", "1"), services.get("pacemaker"));
        assertTrue(PidMapping.defaultServiceNames(c).contains("corosync_cpg"));
        assertFalse(PidMapping.defaultServiceNames(c).contains("pacemaker"));

        String noService = CONF.substring(0, CONF.indexOf("service {"));
        ChorusConfig off = ConfigLoader.checkText(noService + "aisexec {\n defaultservices: no\n}\n", "corosync.conf")
                .config();
        assertNotNull(off);
        assertTrue(PidMapping.serviceProperties(off).isEmpty());
    }

    @Test
    public void liveTimeoutIsAppliedAndDerivedValuesFollow() {
        ChorusConfig c = config();
        String consensusBefore = c.entry("totem.consensus").orElseThrow().value();
        Map<String, String> after = new TreeMap<>(totem(c));
        after.put("token", "5000");
        ChangeProcessor.Result r = ChangeProcessor.process(c, "totem", totem(c), after);
        assertFalse(r.refused());
        assertEquals("5000", r.next().entry("totem.token").orElseThrow().value());
        ConfigChangeEvent first = r.events().get(0);
        assertEquals("totem.token", first.path());
        assertEquals("3000", first.oldValue());
        assertEquals("5000", first.newValue());
        assertTrue(first.applied());
        ConfigChangeEvent consensus = r.events().stream().filter(e -> e.path().equals("totem.consensus"))
                .findFirst().orElseThrow();
        assertEquals(consensusBefore, consensus.oldValue());
        assertEquals("6000", consensus.newValue());
        assertEquals("5000", r.properties().get("token"));
    }

    @Test
    public void nonLiveKeyIsRefusedWithRestartReasonAndReverted() {
        ChorusConfig c = config();
        Map<String, String> after = new TreeMap<>(totem(c));
        after.put("transport", "udp");
        after.put("token", "4000");
        ChangeProcessor.Result r = ChangeProcessor.process(c, "totem", totem(c), after);
        assertTrue(r.refused());
        ConfigChangeEvent t = r.events().stream().filter(e -> e.key().equals("transport")).findFirst().orElseThrow();
        assertFalse(t.applied());
        assertTrue(t.reason(), t.reason().contains("restart"));
        assertEquals("udpu", r.properties().get("transport"));
        // the live key of the same edit still applies
        assertEquals("4000", r.next().entry("totem.token").orElseThrow().value());
        assertEquals("4000", r.properties().get("token"));
    }

    @Test
    public void invalidValuesAndCrossCheckFailuresAreRefused() {
        ChorusConfig c = config();
        Map<String, String> after = new TreeMap<>(totem(c));
        after.put("token", "10"); // below the 30 ms minimum
        ChangeProcessor.Result r = ChangeProcessor.process(c, "totem", totem(c), after);
        assertTrue(r.refused());
        assertSame(c, r.next());
        assertEquals("3000", r.properties().get("token"));

        after = new TreeMap<>(totem(c));
        after.put("consensus", "40"); // consensus may not be less than join (50)
        r = ChangeProcessor.process(c, "totem", totem(c), after);
        assertTrue(r.events().toString(), r.refused());
        assertSame(c, r.next());
        assertFalse(r.properties().containsKey("consensus"));
    }

    @Test
    public void unknownKeysAreRefusedAndLeftOutKeysKept() {
        ChorusConfig c = config();
        Map<String, String> after = new TreeMap<>();
        after.put("tokn", "5000");      // a typo: unknown
        after.put("token", "3000");     // unchanged
        // every other key left out, as in a .cfg file holding only what the user changes
        ChangeProcessor.Result r = ChangeProcessor.process(c, "totem", totem(c), after);
        assertTrue(r.refused());
        assertEquals(r.events().toString(), 1, r.events().size());
        assertEquals("totem.tokn", r.events().get(0).path());
        assertTrue(r.events().get(0).reason(), r.events().get(0).reason().contains("unknown key"));
        assertTrue(r.kept().contains("transport"));
        assertFalse(r.kept().contains("token"));
        assertEquals("put back as it was", totem(c), r.properties());
    }

    @Test
    public void subsystemDestinationsOverrideTheSection() {
        ChorusConfig c = ConfigLoader.checkText(String.join("\n", "totem {", " version: 2", " cluster_name: t", "}",
                "nodelist {", " node {", "  ring0_addr: 127.0.0.1", "  nodeid: 1", " }", "}",
                "logging {", " to_stderr: no", " to_syslog: no", " to_logfile: yes", " logfile: /tmp/c.log",
                " logger_subsys {", "  subsys: CPG", "  to_stderr: yes", "  to_logfile: no", " }", "}", ""),
                "corosync.conf").config();
        assertNotNull(c);
        Map<String, String> p = PaxLogging.translate(c.logging());
        assertEquals("a stderr appender exists for the subsystem", "Console", p.get("log4j2.appender.chorusstderr.type"));
        assertFalse("but the section does not use it", p.containsKey("log4j2.logger.chorus.appenderRef.ChorusStderr.ref"));
        assertEquals("ChorusLogfile", p.get("log4j2.logger.chorus.appenderRef.ChorusLogfile.ref"));
        assertEquals("io.chorus.cpg", p.get("log4j2.logger.chorussub0.name"));
        assertEquals("false", p.get("log4j2.logger.chorussub0.additivity"));
        assertEquals("ChorusStderr", p.get("log4j2.logger.chorussub0.appenderRef.ChorusStderr.ref"));
        assertEquals("RollingFile", p.get("log4j2.logger.chorussub0.appenderRef.RollingFile.ref"));
        assertFalse(p.containsKey("log4j2.logger.chorussub0.appenderRef.ChorusLogfile.ref"));
        assertFalse(p.containsKey("log4j2.appender.chorussyslog.type"));
    }

    @Test
    public void configPathPrecedence() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("karaf.etc", "/opt/k/etc");
        assertEquals("/opt/k/etc/corosync.conf", ConfigAdminBridge.configPath(Map.of(), p).toString());
        p.setProperty("chorus.config", "/p/c.conf");
        assertEquals("/p/c.conf", ConfigAdminBridge.configPath(Map.of(), p).toString());
        assertEquals("/e/c.conf",
                ConfigAdminBridge.configPath(Map.of("COROSYNC_MAIN_CONFIG_FILE", "/e/c.conf"), p).toString());
    }

    @Test
    public void loggingTranslatesToLog4j2Properties() {
        ChorusConfig c = config();
        Map<String, String> p = PaxLogging.translate(c.logging());
        assertEquals("io.chorus", p.get("log4j2.logger.chorus.name"));
        assertEquals("INFO", p.get("log4j2.logger.chorus.level"));
        assertFalse("to_stderr: no", p.containsKey("log4j2.appender.chorusstderr.type"));
        assertEquals("io.chorus.totem", p.get("log4j2.logger.chorussub0.name"));
        assertEquals("DEBUG", p.get("log4j2.logger.chorussub0.level"));
        assertTrue(p.keySet().stream().allMatch(PaxLogging::owned));

        ChorusConfig d = ConfigLoader.checkText(String.join("\n", "totem {", " version: 2", " cluster_name: t",
                "}", "nodelist {", " node {", "  ring0_addr: 127.0.0.1", "  nodeid: 1", " }", "}",
                "logging {", " to_stderr: yes", " to_logfile: yes", " logfile: /tmp/chorus-test.log",
                " to_syslog: yes", " syslog_facility: local3", " debug: trace", " timestamp: hires", " fileline: on",
                "}", ""), "corosync.conf").config();
        assertNotNull(d);
        Map<String, String> q = PaxLogging.translate(d.logging());
        assertEquals(q.toString() + d.logging().values().entries(), "TRACE", q.get("log4j2.logger.chorus.level"));
        assertEquals("SYSTEM_ERR", q.get("log4j2.appender.chorusstderr.target"));
        assertEquals("/tmp/chorus-test.log", q.get("log4j2.appender.chorusfile.fileName"));
        assertEquals("TRACE", q.get("log4j2.appender.chorusfile.filter.threshold.level"));
        assertEquals("LOCAL3", q.get("log4j2.appender.chorussyslog.facility"));
        String pattern = q.get("log4j2.appender.chorusfile.layout.pattern");
        assertTrue(pattern, pattern.startsWith("%d{MMM dd HH:mm:ss.SSS} "));
        assertTrue(pattern, pattern.contains("%F:%L"));
    }
}
