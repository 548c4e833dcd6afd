package io.chorus.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chorus.config.ChorusConfig;
import io.chorus.config.ChorusConfigListener;
import io.chorus.config.ConfigChangeEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The distribution as a user meets it: boots with chorus-core and chorus-shell, publishes corosync.conf
 * through Config Admin, applies a live edit of token, refuses a non-live key, prints chorus:config, drives
 * Pax Logging from logging { }, and hot-plugs a feature.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChorusPlatformIT {

    private static final long DEADLINE_MS = 30_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory sessionFactory;

    /** Waits (bounded by Pax Exam's service timeout) until the bridge has published a configuration. */
    @Inject
    @Filter(timeout = 60_000)
    private ChorusConfig bootConfig;

    private final BlockingQueue<List<ConfigChangeEvent>> changes = new LinkedBlockingQueue<>();
    private ServiceRegistration<ChorusConfigListener> listener;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return ChorusKaraf.options();
    }

    @Before
    public void listen() {
        listener = context.registerService(ChorusConfigListener.class, (events, current) -> changes.add(events), null);
    }

    @After
    public void stopListening() {
        listener.unregister();
    }

    @Test
    public void corosyncConfBecomesConfigAdminConfigurations() throws Exception {
        assertNotNull(bootConfig.source());
        assertTrue(bootConfig.source().toString(), bootConfig.source().toString().endsWith("etc/corosync.conf"));
        for (String pid : List.of("io.chorus.totem", "io.chorus.logging", "io.chorus.quorum", "io.chorus.nodelist")) {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            assertNotNull("configuration " + pid, found);
            assertEquals(1, found.length);
        }
        Dictionary<String, Object> totem = configAdmin.getConfiguration("io.chorus.totem", "?").getProperties();
        assertEquals(bootConfig.entry("totem.transport").orElseThrow().value(), totem.get("transport"));
        assertNull("derived values stay derived, not written", totem.get("consensus"));
        Dictionary<String, Object> nodes = configAdmin.getConfiguration("io.chorus.nodelist", "?").getProperties();
        assertEquals(bootConfig.entry("nodelist.node.0.ring0_addr").orElseThrow().value(), nodes.get("node.0.ring0_addr"));

        Configuration[] services = configAdmin.listConfigurations("(service.factoryPid=io.chorus.service)");
        assertNotNull("a factory configuration per service stanza or default service", services);
        int stanzas = 0;
        int defaults = 0;
        for (Configuration c : services) {
            Object origin = c.getProperties().get("chorus.origin");
            if ("default".equals(origin)) {
                defaults++;
            } else if (!"feature".equals(origin)) { // engine features add their own stanza
                stanzas++;
            }
        }
        assertEquals("one per service stanza", bootConfig.services().size(), stanzas);
        assertTrue("the era's default services (defaultservices is not no)", defaults > 0);
        for (Configuration c : services) {
            assertNotNull(c.getPid(), c.getProperties().get("name"));
            assertNotNull(c.getPid(), c.getProperties().get("ver"));
            assertTrue(c.getPid(), c.getPid().startsWith("io.chorus.service~"));
        }

        Dictionary<String, Object> logging = configAdmin.getConfiguration("org.ops4j.pax.logging", null).getProperties();
        assertEquals("io.chorus", logging.get("log4j2.logger.chorus.name"));
        assertNotNull("Karaf's own logging stays", logging.get("log4j2.rootLogger.level"));
    }

    @Test
    public void liveTokenEditIsAppliedAndNonLiveKeyIsRefused() throws Exception {
        ChorusConfig before = newestConfig();
        String oldToken = before.entry("totem.token").orElseThrow().value();
        String oldConsensus = before.entry("totem.consensus").orElseThrow().value();
        String written = before.entry("totem.token").orElseThrow().source().name().equals("EXPLICIT")
                ? String.valueOf(Long.parseLong(oldToken) + 1000) : "4321";

        setProperty("io.chorus.totem", "token", written);
        ConfigChangeEvent token = awaitEvent(e -> e.path().equals("totem.token"));
        assertTrue(token.toString(), token.applied());
        assertEquals(oldToken, token.oldValue());
        assertNotEquals(oldToken, token.newValue());
        waitFor("a new ChorusConfig service with the new token",
                () -> token.newValue().equals(newestConfig().entry("totem.token").orElseThrow().value()));
        if (before.entry("totem.consensus").orElseThrow().source().name().equals("DERIVED")) {
            assertNotEquals("consensus follows token", oldConsensus,
                    newestConfig().entry("totem.consensus").orElseThrow().value());
        }

        // Not live: refused with a reason that says a restart is needed, and put back in Config Admin.
        String transport = newestConfig().entry("totem.transport").orElseThrow().value();
        String other = transport.equals("udp") ? "udpu" : "udp";
        setProperty("io.chorus.totem", "transport", other);
        ConfigChangeEvent refused = awaitEvent(e -> e.path().equals("totem.transport"));
        assertFalse(refused.toString(), refused.applied());
        assertTrue(refused.reason(), refused.reason().contains("restart"));
        waitFor("transport reverted in Config Admin", () -> transport.equals(property("io.chorus.totem", "transport")));
        assertEquals(transport, newestConfig().entry("totem.transport").orElseThrow().value());

        // Live key, invalid value: refused too (below the 30 ms minimum), token unchanged.
        setProperty("io.chorus.totem", "token", "10");
        ConfigChangeEvent tooSmall = awaitEvent(e -> e.path().equals("totem.token"));
        assertFalse(tooSmall.toString(), tooSmall.applied());
        waitFor("token reverted in Config Admin", () -> written.equals(property("io.chorus.totem", "token")));
        assertEquals(token.newValue(), newestConfig().entry("totem.token").orElseThrow().value());
    }

    /** The two ways users edit: the console and a .cfg file in etc/ (only the keys it changes). */
    @Test
    public void consoleAndCfgFileEditsReachTheNode() throws Exception {
        execute("config:property-set -p io.chorus.totem merge 250");
        ConfigChangeEvent merge = awaitEvent(e -> e.path().equals("totem.merge"));
        assertTrue(merge.toString(), merge.applied());
        assertEquals("250", merge.newValue());

        // A .cfg file of a configuration no console edit touched (Karaf writes console edits back to
        // etc/<pid>.cfg asynchronously, which would race with this test's own write).
        java.nio.file.Path cfg = java.nio.file.Path.of(System.getProperty("karaf.etc"), "io.chorus.quorum.cfg");
        String provider = newestConfig().entry("quorum.provider").map(e -> e.value()).orElse(null);
        java.nio.file.Files.writeString(cfg, "expected_votes = 5\n");
        ConfigChangeEvent votes = awaitEvent(e -> e.path().equals("quorum.expected_votes"));
        assertTrue(votes.toString(), votes.applied());
        assertEquals("5", newestConfig().entry("quorum.expected_votes").orElseThrow().value());
        // keys the file left out keep their value, in the node and in Config Admin
        assertEquals(provider, newestConfig().entry("quorum.provider").map(e -> e.value()).orElse(null));
        assertEquals("250", newestConfig().entry("totem.merge").orElseThrow().value());
        assertNotNull("the shipped corosync.conf names a quorum provider", provider);
        waitFor("left-out keys put back in Config Admin", () -> provider.equals(property("io.chorus.quorum", "provider")));
    }

    @Test
    public void serviceStanzaEditIsHandedOn() throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.chorus.service", "itest_engine", "?");
        java.util.Hashtable<String, Object> d = new java.util.Hashtable<>();
        d.put("name", "itest_engine");
        d.put("ver", "0");
        c.update(d);
        ConfigChangeEvent added = awaitEvent(e -> e.path().equals("service.itest_engine.name"));
        assertTrue(added.toString(), added.applied());
        assertNull(added.oldValue());
        assertEquals("itest_engine", added.newValue());
        c.delete();
        ConfigChangeEvent removed = awaitEvent(e -> e.path().equals("service.itest_engine.name"));
        assertEquals("itest_engine", removed.oldValue());
        assertNull(removed.newValue());
    }

    @Test
    public void loggingEditReachesPaxLogging() throws Exception {
        setProperty("io.chorus.logging", "debug", "on");
        ConfigChangeEvent debug = awaitEvent(e -> e.path().equals("logging.debug"));
        assertTrue(debug.toString(), debug.applied());
        waitFor("io.chorus logger at DEBUG", () -> "DEBUG".equals(
                property("org.ops4j.pax.logging", "log4j2.logger.chorus.level")));
        setProperty("io.chorus.logging", "debug", "off");
        waitFor("io.chorus logger back at INFO", () -> "INFO".equals(
                property("org.ops4j.pax.logging", "log4j2.logger.chorus.level")));

        // to_logfile + logfile in one edit: a file appender that receives Chorus's own messages.
        java.nio.file.Path logfile = java.nio.file.Path.of(System.getProperty("karaf.data"), "log", "chorus-itest.log");
        Configuration c = configAdmin.getConfiguration("io.chorus.logging", "?");
        Dictionary<String, Object> d = c.getProperties();
        d.put("to_logfile", "yes");
        d.put("logfile", logfile.toString());
        c.update(d);
        ConfigChangeEvent toLogfile = awaitEvent(e -> e.path().equals("logging.to_logfile"));
        assertTrue(toLogfile.toString(), toLogfile.applied());
        waitFor("file appender configured", () -> logfile.toString().equals(
                property("org.ops4j.pax.logging", "log4j2.appender.chorusfile.fileName")));
        // A message of an io.chorus logger must reach the file. Pax Logging drops what is logged while it
        // reconfigures, so log a fresh marker on each poll until one arrives (bounded).
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("io.chorus.itest");
        int[] n = {0};
        waitFor("a Chorus message in " + logfile, () -> {
            String marker = "itest-marker-" + (++n[0]);
            log.info(marker);
            try {
                return java.nio.file.Files.isRegularFile(logfile)
                        && java.nio.file.Files.readString(logfile).contains("itest-marker-");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String text = java.nio.file.Files.readString(logfile);
        assertTrue("corosync-style line with the subsystem: " + text,
                java.util.regex.Pattern.compile("\\[itest *\\] INFO +itest-marker-").matcher(text).find());
    }

    @Test
    public void chorusConfigCommandPrintsEffectiveConfiguration() throws Exception {
        String all = execute("chorus:config");
        String token = newestConfig().entry("totem.token").orElseThrow().value();
        assertTrue(all, all.contains("totem.token = " + token));
        assertTrue(all, all.contains("# default"));
        assertTrue(all, all.contains("# derived"));
        assertTrue(all, all.contains("# explicit"));
        assertTrue(all, all.contains("corosync.conf:"));
        String totem = execute("chorus:config totem");
        assertTrue(totem, totem.contains("totem.consensus = "));
        assertFalse(totem, totem.contains("logging."));
    }

    @Test
    public void shellFeatureUninstallsAndInstalls() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("chorus-shell")));
        try {
            features.uninstallFeature("chorus-shell");
            waitFor("io.chorus.shell gone", () -> bundle("io.chorus.shell") == null);
            try {
                execute("chorus:config");
                fail("chorus:config still answers without chorus-shell");
            } catch (Exception expected) {
                // CommandNotFoundException
            }
            assertNotNull("the configuration bundle stays", bundle("io.chorus.config"));
        } finally {
            features.installFeature("chorus-shell");
        }
        waitFor("io.chorus.shell active", () -> {
            Bundle b = bundle("io.chorus.shell");
            return b != null && b.getState() == Bundle.ACTIVE;
        });
        waitFor("chorus:config answers again", () -> {
            try {
                return execute("chorus:config totem").contains("totem.token = ");
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The node's transport is at boot: Netty with its epoll fragment attached, and Bouncy Castle. */
    @Test
    public void theTransportRunsOnNettyEpollWithBouncyCastle() throws Exception {
        waitFor("io.chorus.transport active", () -> {
            Bundle b = bundle("io.chorus.transport");
            return b != null && b.getState() == Bundle.ACTIVE;
        });
        Bundle epoll = bundle("io.netty.transport-native-epoll.linux-x86_64");
        assertNotNull("the epoll native fragment is installed", epoll);
        assertEquals("the epoll native fragment is attached", Bundle.RESOLVED, epoll.getState());
        assertNotNull("Bouncy Castle", bundle("bcprov"));
    }

    /**
     * An engine feature that is not at boot, installed and uninstalled offline on the running node: the
     * executive loads the engine and unloads it again (checked by name through the Executive service, so this
     * test imports nothing of the feature it removes).
     */
    @Test
    public void anEngineFeatureInstallsLoadsAndUninstalls() throws Exception {
        assertFalse(features.isInstalled(features.getFeature("chorus-evs")));
        // No refresh: a new engine bundle needs none, and a refresh cascade can restart bundles this test uses.
        java.util.EnumSet<FeaturesService.Option> noRefresh =
                java.util.EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
        features.installFeature("chorus-evs", noRefresh);
        try {
            waitFor("io.chorus.service-evs active", () -> {
                Bundle b = bundle("io.chorus.service-evs");
                return b != null && b.getState() == Bundle.ACTIVE;
            });
            waitFor("the executive runs evs", () -> loadedEngines().contains("evs"));
        } finally {
            features.uninstallFeature("chorus-evs", noRefresh);
        }
        waitFor("io.chorus.service-evs gone", () -> bundle("io.chorus.service-evs") == null);
        waitFor("the executive no longer runs evs", () -> !loadedEngines().contains("evs"));
        assertTrue("the default engines stay: " + loadedEngines(), loadedEngines().contains("cpg"));
    }

    /**
     * An engine bundle dropped into {@code deploy/} (no feature) runs once its {@code service { }} stanza exists — here
     * made through Config Admin as {@code config:edit} would — and stops when the file is removed.
     */
    @Test
    public void anEngineBundleDroppedIntoDeployLoadsWithItsStanza() throws Exception {
        Path jar = Path.of(System.getProperty("karaf.home"), "system", "io", "chorus", "chorus-service-clm",
                "0.1.0-SNAPSHOT", "chorus-service-clm-0.1.0-SNAPSHOT.jar");
        assertTrue("the distribution carries " + jar, Files.isRegularFile(jar));
        Configuration stanza = configAdmin.getFactoryConfiguration("io.chorus.service", "clm-deploy", "?");
        java.util.Hashtable<String, Object> keys = new java.util.Hashtable<>();
        keys.put("name", "clm");
        keys.put("ver", "0");
        keys.put("chorus.origin", "feature");
        stanza.update(keys);
        Path dropped = Path.of(System.getProperty("karaf.home"), "deploy", "chorus-service-clm.jar");
        Files.copy(jar, dropped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            waitFor("the executive runs clm from deploy/", () -> loadedEngines().contains("clm"));
        } finally {
            Files.delete(dropped);
            stanza.delete();
        }
        waitFor("clm unloaded when its file is gone", () -> !loadedEngines().contains("clm"));
    }

    private List<String> loadedEngines() {
        ServiceReference<io.chorus.executive.Executive> ref =
                context.getServiceReference(io.chorus.executive.Executive.class);
        if (ref == null) {
            return List.of();
        }
        try {
            return context.getService(ref).loadedEngines().stream().map(io.chorus.api.spi.EngineInfo::name).toList();
        } finally {
            context.ungetService(ref);
        }
    }

    // ---------------------------------------------------------------- helpers

    private ChorusConfig newestConfig() {
        ServiceReference<ChorusConfig> ref = context.getServiceReference(ChorusConfig.class);
        assertNotNull("ChorusConfig service", ref);
        ChorusConfig c = context.getService(ref);
        context.ungetService(ref);
        return c;
    }

    private void setProperty(String pid, String key, String value) throws Exception {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> d = c.getProperties();
        d.put(key, value);
        c.update(d);
    }

    private String property(String pid, String key) {
        try {
            Dictionary<String, Object> d = configAdmin.getConfiguration(pid, "?").getProperties();
            Object v = d == null ? null : d.get(key);
            return v == null ? null : v.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConfigChangeEvent awaitEvent(Predicate<ConfigChangeEvent> which) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        List<ConfigChangeEvent> seen = new ArrayList<>();
        while (System.currentTimeMillis() < end) {
            List<ConfigChangeEvent> batch = changes.poll(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (batch == null) {
                break;
            }
            seen.addAll(batch);
            for (ConfigChangeEvent e : batch) {
                if (which.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no matching change event within " + DEADLINE_MS + " ms; saw " + seen);
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not within " + DEADLINE_MS + " ms: " + what);
            }
            Thread.sleep(100);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
        // as the console's karaf user: config:* commands are guarded by role ACLs
        javax.security.auth.Subject admin = new javax.security.auth.Subject();
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal("karaf"));
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal("admin"));
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal("manager"));
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal("viewer"));
        try {
            javax.security.auth.Subject.doAs(admin,
                    (java.security.PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
