package io.chorus.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import io.chorus.api.RingView;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgCallbacks;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgGuarantee;
import io.chorus.api.spi.EngineInfo;
import io.chorus.executive.Executive;
import io.chorus.ipc.client.IpcEngineConnection;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A booted node: chorus-core forms a ring from corosync.conf, the executive syncs its engines, a client reaches
 * CPG over the group-checked IPC socket exactly as an out-of-process program does, and an engine bundle going
 * away and coming back unloads and reloads the engine on the running node.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChorusNodeIT {

    private static final long DEADLINE_MS = 60_000;

    @Inject
    private BundleContext context;

    @Inject
    private org.apache.karaf.shell.api.console.SessionFactory sessionFactory;

    /** Registered by the executive once the ring (the node's TotemNode) is up. */
    @Inject
    @Filter(timeout = 90_000)
    private Executive executive;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws IOException {
        return OptionUtils.combine(ChorusKaraf.options(),
                replaceConfigurationFile("etc/corosync.conf", singleNodeConfig()));
    }

    /** One node on loopback, on a port of its own so that no other node or test run merges with it. */
    private static File singleNodeConfig() throws IOException {
        Path file = Files.createTempFile("chorus-node-it", ".conf");
        int port = ChorusKaraf.freePort() & ~1;
        Files.writeString(file, """
                totem {
                    version: 2
                    cluster_name: nodeit
                    transport: udpu
                    interface {
                        linknumber: 0
                        mcastport: %d
                    }
                }
                nodelist {
                    node {
                        ring0_addr: 127.0.0.1
                        nodeid: 1
                    }
                }
                quorum {
                    provider: corosync_votequorum
                }
                logging {
                    to_stderr: yes
                }
                """.formatted(port));
        file.toFile().deleteOnExit();
        return file.toFile();
    }

    @Test
    public void theNodeFormsItsRingAndSyncsTheDefaultEngines() throws Exception {
        await("a regular configuration with this node, synced", () -> {
            RingView view = executive.currentView();
            return view != null && !view.transitional() && executive.completedSyncs() > 0
                    && !executive.syncInProgress();
        });
        assertArrayEquals(new int[] {1}, executive.currentView().members());
        assertTrue("cpg runs as a default service: " + executive.loadedEngines(),
                executive.loadedEngines().stream().anyMatch(e -> e.name().equals("cpg")));
    }

    @Test
    public void aClientOverTheIpcSocketJoinsACpgGroupAndGetsItsOwnMessage() throws Exception {
        awaitEngine("cpg", true);
        Path socket = Path.of(System.getProperty("karaf.data"), "run", "chorus.sock");
        await("the IPC socket " + socket, () -> Files.exists(socket));
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<String> confchg = new CopyOnWriteArrayList<>();
        CpgGroup group = CpgGroup.of("itest");
        try (Cpg cpg = CpgClient.open(IpcEngineConnection.connect(socket, "cpg"), new CpgCallbacks() {
            @Override
            public void deliver(CpgGroup g, int nodeid, int pid, ByteBuffer message) {
                byte[] bytes = new byte[message.remaining()];
                message.duplicate().get(bytes);
                delivered.add(g + "/" + nodeid + ":" + new String(bytes, StandardCharsets.UTF_8));
            }

            @Override
            public void confchg(CpgGroup g, List<CpgAddress> members, List<CpgAddress> left, List<CpgAddress> joined) {
                confchg.add(g + " members " + members.size() + " joined " + joined.size());
            }
        })) {
            retryOnTryAgain(() -> cpg.join(group));
            retryOnTryAgain(() -> cpg.mcastJoined(CpgGuarantee.AGREED,
                    ByteBuffer.wrap("hello ring".getBytes(StandardCharsets.UTF_8))));
            await("the confchg and the message back", () -> {
                cpg.dispatch(DispatchFlag.ALL);
                return !confchg.isEmpty() && !delivered.isEmpty();
            });
            assertEquals(List.of("itest/1:hello ring"), delivered);
            assertTrue(confchg.toString(), confchg.get(0).contains("members 1 joined 1"));
        }
    }

    /** secauth's packet sealing (the JDK's AES and HMAC, asked for by provider name) works inside Karaf. */
    @Test
    public void secauthSealsAndOpensAPacketInsideTheContainer() throws Exception {
        byte[] material = new byte[io.chorus.crypto.AuthKey.MIN_BYTES];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i * 7);
        }
        io.chorus.crypto.PacketProtection p = io.chorus.crypto.PacketProtection.of("aes256", "sha256",
                io.chorus.crypto.AuthKey.of(material, "itest key"));
        byte[] text = "hello ring".getBytes(StandardCharsets.UTF_8);
        ByteBuffer sealed = ByteBuffer.allocate(text.length + p.overhead());
        p.seal(ByteBuffer.wrap(text), sealed);
        ByteBuffer opened = ByteBuffer.allocate(text.length);
        assertTrue("opens what it sealed", p.open(sealed.duplicate(), opened));
        assertEquals("hello ring", StandardCharsets.UTF_8.decode(opened).toString());
        assertFalse("the cipher text is not the plain text",
                new String(sealed.array(), StandardCharsets.ISO_8859_1).contains("hello ring"));
        sealed.put(20, (byte) (sealed.get(20) ^ 1));
        assertFalse("a flipped bit is refused", p.open(sealed, ByteBuffer.allocate(text.length)));
    }

    @Test
    public void anEngineBundleThatStopsIsUnloadedAndComesBackWhenItStarts() throws Exception {
        awaitEngine("cpg", true);
        Bundle cpgBundle = null;
        for (Bundle b : context.getBundles()) {
            if ("io.chorus.service-cpg".equals(b.getSymbolicName())) {
                cpgBundle = b;
            }
        }
        assertTrue("the cpg engine bundle is installed", cpgBundle != null);
        cpgBundle.stop();
        awaitEngine("cpg", false);
        assertFalse(executive.loadedEngines().stream().map(EngineInfo::name).anyMatch("cpg"::equals));
        long resyncsBefore = executive.completedResyncs();
        cpgBundle.start();
        awaitEngine("cpg", true);
        await("the reloaded engine brought up to date", () -> executive.completedResyncs() > resyncsBefore);
    }

    @Test
    public void chorusStatusShowsTheRingTheMembersAndTheEngines() throws Exception {
        await("a synced ring", () -> executive.currentView() != null && executive.completedSyncs() > 0);
        awaitEngine("cpg", true);
        String status = execute("chorus:status");
        assertTrue(status, status.contains("OPERATIONAL"));
        assertTrue(status, status.contains("cpg"));
        String cfg = execute("chorus:cfgtool -s");
        assertTrue(cfg, cfg.contains("ring 0") || cfg.contains("RING ID 0"));
    }

    @Test
    public void chorusQuorumtoolAndCmapctlShowWhatTheCorosyncToolsShow() throws Exception {
        await("a synced ring", () -> executive.currentView() != null && executive.completedSyncs() > 0);
        awaitEngine("quorum", true);
        awaitEngine("cmap", true);
        String quorum = execute("chorus:quorumtool");
        assertTrue(quorum, quorum.contains("Quorate:          Yes"));
        assertTrue(quorum, quorum.contains("Membership information"));
        String members = execute("chorus:cmapctl runtime.members");
        assertTrue(members, members.contains("runtime.members.1.status (str) = joined"));
        String token = execute("chorus:cmapctl -g totem.token");
        assertTrue(token, token.startsWith("totem.token ("));
    }

    /** Runs a console command as the karaf user (the shell guards some commands by role). */
    private String execute(String command) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session =
                sessionFactory.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        javax.security.auth.Subject admin = new javax.security.auth.Subject();
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal("karaf"));
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal("admin"));
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

    private void awaitEngine(String name, boolean loaded) throws Exception {
        await("engine " + name + (loaded ? " loaded" : " unloaded"), () ->
                executive.loadedEngines().stream().anyMatch(e -> e.name().equals(name)) == loaded);
    }

    private interface Call {
        void run() throws Exception;
    }

    /** The quickstart programs' habit: TRY_AGAIN (sync running, queue full) means retry shortly. */
    private static void retryOnTryAgain(Call call) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (true) {
            try {
                call.run();
                return;
            } catch (io.chorus.api.ChorusException e) {
                if (!e.isTryAgain() || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE_MS + " ms waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
