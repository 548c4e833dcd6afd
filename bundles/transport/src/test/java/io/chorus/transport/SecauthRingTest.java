package io.chorus.transport;

import static io.chorus.transport.InProcessRingTest.await;
import static io.chorus.transport.InProcessRingTest.net;
import static io.chorus.transport.InProcessRingTest.parse;
import static io.chorus.transport.InProcessRingTest.port;
import static io.chorus.transport.InProcessRingTest.udpuConfig;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chorus.config.ChorusConfig;
import io.chorus.crypto.KeyGenerator;
import io.chorus.crypto.PacketProtection;
import io.chorus.totem.TotemState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/** {@code secauth} and {@code crypto_*} from corosync.conf select real sealing; only nodes sharing the key form a ring. */
public class SecauthRingTest {

    @Rule
    public Timeout timeout = Timeout.seconds(90);
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<TotemNode> nodes = new ArrayList<>();

    @After
    public void stopAll() {
        nodes.forEach(n -> n.stop(false));
    }

    @Test
    public void nodesWithTheClusterKeyFormARingAndANodeWithAnotherKeyNeverJoins() throws Exception {
        Path clusterKey = tmp.getRoot().toPath().resolve("authkey");
        Path otherKey = tmp.getRoot().toPath().resolve("otherkey");
        KeyGenerator.generate(clusterKey, 256, KeyGenerator.lessSecureRandom());
        KeyGenerator.generate(otherKey, 256, KeyGenerator.lessSecureRandom());
        String net = net();
        int port = port();
        String crypto = "crypto_cipher: aes256\n    crypto_hash: sha256\n    keyfile: %s\n";
        ChorusConfig good = parse(udpuConfig(net, port, 3, crypto.formatted(clusterKey)));
        ChorusConfig bad = parse(udpuConfig(net, port, 3, crypto.formatted(otherKey)));

        TotemNode a = start(good, 1);
        TotemNode b = start(good, 2);
        TotemNode intruder = start(bad, 3);

        await("a ring of the two nodes with the cluster key", 30_000, () -> ringOf(a, 1, 2) && ringOf(b, 1, 2));
        await("invalid digests counted on both sides", 10_000,
                () -> a.status().transportCounters().get("invalid_digests") > 0
                        && intruder.status().transportCounters().get("invalid_digests") > 0);
        assertArrayEquals(new int[] {3}, intruder.status().members());
    }

    @Test
    public void withCryptoThreadsTheRingDeliversEveryMessageInTheSameOrder() throws Exception {
        Path clusterKey = tmp.getRoot().toPath().resolve("authkey");
        KeyGenerator.generate(clusterKey, 256, KeyGenerator.lessSecureRandom());
        ChorusConfig config = parse(udpuConfig(net(), port(), 3,
                "crypto_cipher: aes256\n    crypto_hash: sha256\n    threads: 2\n    keyfile: " + clusterKey + "\n"));
        List<List<String>> delivered = new ArrayList<>();
        List<TotemNode> ring = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            TotemNode n = start(config, id);
            List<String> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            delivered.add(mine);
            n.join(GROUP, (sender, group, message) -> {
                byte[] bytes = new byte[message.remaining()];
                message.duplicate().get(bytes);
                mine.add(sender + ":" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            });
            ring.add(n);
        }
        await("one ring of three", 30_000, () -> ring.stream().allMatch(n -> ringOf(n, 1, 2, 3)));
        assertTrue("sealing runs on crypto threads", Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("chorus-seal-")));
        for (int i = 0; i < 200; i++) {
            TotemNode sender = ring.get(i % 3);
            String text = "m" + i;
            await("the send queue takes " + text, 10_000, () -> sender.mcast(GROUP,
                    java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).join()
                    == io.chorus.totem.pg.McastResult.OK);
        }
        await("600 deliveries", 30_000, () -> delivered.stream().allMatch(d -> d.size() == 200));
        assertEquals(delivered.get(0), delivered.get(1));
        assertEquals(delivered.get(0), delivered.get(2));
    }

    private static final io.chorus.totem.pg.TotemPgGroup GROUP = io.chorus.totem.pg.TotemPgGroup.of("secure");

    @Test
    public void withoutSecauthOrCryptoNoKeyIsReadAndPacketsArePlain() throws Exception {
        ChorusConfig plain = parse(udpuConfig(net(), port(), 3, "secauth: off\n"));
        assertSame(PacketProtection.none(), Protections.fromConfig(plain.totem(), Map.of(), tmp.getRoot().toPath()));
    }

    @Test
    public void aMissingKeyFileIsRefusedNamingTheFile() {
        Path missing = tmp.getRoot().toPath().resolve("no-such-authkey");
        ChorusConfig config = parse(udpuConfig(net(), port(), 3, "secauth: on\n    keyfile: " + missing + "\n"));
        try {
            Protections.fromConfig(config.totem(), Map.of(), tmp.getRoot().toPath());
            fail("started without a key");
        } catch (TransportException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(missing.toString()));
        }
    }

    private TotemNode start(ChorusConfig config, int id) throws Exception {
        PacketProtection protection = Protections.fromConfig(config.totem(), Map.of(), tmp.getRoot().toPath());
        TotemNode n = TotemNode.start(config, NodeOptions.defaults().withNodeId(id)
                .withStateDir(tmp.getRoot().toPath().resolve("n" + id)).withProtection(protection));
        nodes.add(n);
        return n;
    }

    private static boolean ringOf(TotemNode n, int... members) {
        NodeStatus s = n.status();
        return s.state() == TotemState.OPERATIONAL && Arrays.equals(s.members(), members);
    }
}
