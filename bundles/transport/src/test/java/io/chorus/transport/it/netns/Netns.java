package io.chorus.transport.it.netns;

import io.chorus.transport.interop.InteropNet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A bridge namespace and N node namespaces with one veth each on a private /24 (the recipe of corosync-wire.md §5),
 * all named with a unique {@code chr-} prefix and deleted by {@link #close()}. Only the caller's namespaces are touched.
 * With {@link #ipv6()} every link also gets a ULA address {@code fd00:77:<x>:<ring>::<n>/64} ({@code nodad}: usable at
 * once, no duplicate address detection to wait for).
 */
final class Netns implements AutoCloseable {

    final String prefix;
    final String subnet;
    final String subnet1;
    final int count;
    final int rings;
    /** {@code fd00:77:<x>:} without the ring's group: {@link #address6(int, int)} completes it. */
    final String subnet6;
    private boolean ipv6;
    private final List<String> created = new ArrayList<>();

    Netns(int count) {
        this(count, 1);
    }

    /** @param rings 1, or 2 for a second bridge (br1) and a second link (eth1) per node: redundant rings */
    Netns(int count, int rings) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.prefix = "chr-" + Integer.toHexString(r.nextInt(0x1000, 0xFFFF)) + "-";
        int x = r.nextInt(1, 250);
        this.subnet = "10.233." + x;
        this.subnet1 = "10.234." + x;
        this.subnet6 = "fd00:77:" + Integer.toHexString(x) + ":";
        this.count = count;
        this.rings = rings;
    }

    /** Also give every link an IPv6 ULA address (before {@link #setUp()}). */
    Netns ipv6() {
        this.ipv6 = true;
        return this;
    }

    /** Node n's IPv6 address on ring 0 ({@link #ipv6()}). */
    String address6(int n) {
        return address6(n, 0);
    }

    /** Node n's IPv6 address on {@code ring} ({@link #ipv6()}): {@code fd00:77:<x>:<ring>::<n>}. */
    String address6(int n, int ring) {
        return network6(ring) + Integer.toHexString(n);
    }

    /** The /64 of {@code ring}'s IPv6 addresses ({@code fd00:77:<x>:<ring>::}), e.g. for bindnetaddr. */
    String network6(int ring) {
        return subnet6 + ring + "::";
    }

    String address(int n, int ring) {
        return (ring == 0 ? subnet : subnet1) + "." + n;
    }

    /** Why the tests cannot run here, or null. */
    static String unavailable() {
        try {
            if (!"root".equals(System.getProperty("user.name"))) {
                return "not root";
            }
            if (run(false, "ip", "netns", "list") != 0) {
                return "`ip netns` is not available";
            }
            if (run(false, "iptables", "--version") != 0) {
                return "iptables is not installed (apt-get install iptables)";
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    String node(int n) {
        return prefix + "n" + n;
    }

    String address(int n) {
        return subnet + "." + n;
    }

    void setUp() throws Exception {
        String br = prefix + "br";
        netnsAdd(br);
        for (int ring = 0; ring < rings; ring++) {
            sh(br, "ip", "link", "add", "br" + ring, "type", "bridge");
            sh(br, "ip", "link", "set", "br" + ring, "type", "bridge", "mcast_snooping", "0");
            sh(br, "ip", "link", "set", "br" + ring, "up");
        }
        for (int n = 1; n <= count; n++) {
            String ns = node(n);
            netnsAdd(ns);
            sh(ns, "ip", "link", "set", "lo", "up");
            for (int ring = 0; ring < rings; ring++) {
                String vb = ring == 0 ? "vb" + n : "vc" + n;
                sh(br, "ip", "link", "add", vb, "type", "veth", "peer", "name", "eth" + ring, "netns", ns);
                sh(br, "ip", "link", "set", vb, "master", "br" + ring);
                sh(br, "ip", "link", "set", vb, "up");
                sh(ns, "ip", "addr", "add", address(n, ring) + "/24", "dev", "eth" + ring);
                if (ipv6) {
                    sh(ns, "ip", "-6", "addr", "add", address6(n, ring) + "/64", "dev", "eth" + ring, "nodad");
                }
                sh(ns, "ip", "link", "set", "eth" + ring, "up");
            }
        }
    }

    private void netnsAdd(String name) throws Exception {
        check(run(true, "ip", "netns", "add", name), "ip netns add " + name);
        created.add(name);
    }

    /** Runs a command inside namespace {@code ns}; fails on a non-zero exit. */
    void sh(String ns, String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        check(run(true, c.toArray(new String[0])), String.join(" ", c));
    }

    /** Node n's link down (a partition) or up. */
    void link(int n, boolean up) throws Exception {
        sh(prefix + "br", "ip", "link", "set", "vb" + n, up ? "up" : "down");
    }

    /** A whole ring's bridge down (every node loses that link) or up. */
    void bridge(int ring, boolean up) throws Exception {
        sh(prefix + "br", "ip", "link", "set", "br" + ring, up ? "up" : "down");
    }

    /** Random loss on every node's input: iptables statistic DROP with probability p (0 removes it). */
    void loss(double p) throws Exception {
        for (int n = 1; n <= count; n++) {
            sh(node(n), "iptables", "-F", "INPUT");
            if (p > 0) {
                sh(node(n), "iptables", "-A", "INPUT", "-i", "eth0", "-m", "statistic", "--mode", "random",
                        "--probability", Double.toString(p), "-j", "DROP");
            }
        }
    }

    /**
     * Datagrams the {@link #loss} rules have dropped so far, summed over every node (their iptables packet counters);
     * a GSO burst the kernel has not cut yet counts once.
     */
    long dropped() throws Exception {
        long sum = 0;
        for (int n = 1; n <= count; n++) {
            sum += InteropNet.dropped(node(n), "INPUT");
        }
        return sum;
    }

    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                run(false, "ip", "netns", "del", created.get(i));
            } catch (IOException | InterruptedException e) {
                System.err.println("could not delete namespace " + created.get(i) + ": " + e);
            }
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " failed with exit code " + rc);
        }
    }

    static int run(boolean echoErrors, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0 && echoErrors) {
            System.err.println(String.join(" ", cmd) + ": " + new String(out, StandardCharsets.UTF_8));
        }
        return p.exitValue();
    }
}
