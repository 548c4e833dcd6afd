package io.chorus.transport.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * corosync-wire.md §5's namespaces: {@code chri-<hex>-br} holds bridge {@code br0} (multicast snooping off) and
 * {@code chri-<hex>-n1..nN} each have one veth on it with {@code 10.231.<x>.N/24}. The addresses exist only inside
 * these namespaces; {@link #close()} deletes exactly the namespaces this object created.
 */
public final class InteropNet implements AutoCloseable {

    public final String prefix;
    public final String subnet;
    public final int count;
    private final List<String> created = new ArrayList<>();

    public InteropNet(int count) {
        this("chri", count);
    }

    /** Namespaces named {@code <tag>-<hex>-*}: each test suite its own tag, so leftovers say whose they are. */
    public InteropNet(String tag, int count) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.prefix = tag + "-" + Integer.toHexString(r.nextInt(0x1000, 0xFFFF)) + "-";
        this.subnet = "10.231." + r.nextInt(1, 250);
        this.count = count;
    }

    /** Why the interop tests cannot run here, or null. */
    public static String unavailable() {
        try {
            if (!"root".equals(System.getProperty("user.name"))) {
                return "not root (network namespaces and corosync need root)";
            }
            for (String tool : List.of("corosync", "corosync-cmapctl")) {
                if (which(tool) == null) {
                    return tool + " is not installed (apt-get install corosync)";
                }
            }
            for (String tool : List.of("unshare", "nsenter", "mount")) {
                if (which(tool) == null) {
                    return tool + " is not installed (util-linux)";
                }
            }
            if (run(false, "ip", "netns", "list") != 0) {
                return "`ip netns` is not available (apt-get install iproute2)";
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    public static Path which(String tool) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public String bridge() {
        return prefix + "br";
    }

    public String node(int n) {
        return prefix + "n" + n;
    }

    public String address(int n) {
        return subnet + "." + n;
    }

    /** A multicast group private to this run (udp mode). */
    public String mcastAddress() {
        return "239.192.231." + subnet.substring(subnet.lastIndexOf('.') + 1);
    }

    public void setUp() throws Exception {
        netnsAdd(bridge());
        sh(bridge(), "ip", "link", "add", "br0", "type", "bridge");
        sh(bridge(), "ip", "link", "set", "br0", "type", "bridge", "mcast_snooping", "0");
        sh(bridge(), "ip", "link", "set", "br0", "up");
        for (int n = 1; n <= count; n++) {
            String ns = node(n);
            netnsAdd(ns);
            sh(ns, "ip", "link", "set", "lo", "up");
            sh(bridge(), "ip", "link", "add", "vb" + n, "type", "veth", "peer", "name", "eth0", "netns", ns);
            sh(bridge(), "ip", "link", "set", "vb" + n, "master", "br0");
            sh(bridge(), "ip", "link", "set", "vb" + n, "up");
            sh(ns, "ip", "addr", "add", address(n) + "/24", "dev", "eth0");
            sh(ns, "ip", "link", "set", "eth0", "up");
        }
    }

    private void netnsAdd(String name) throws Exception {
        check(run(true, "ip", "netns", "add", name), "ip netns add " + name);
        created.add(name);
    }

    public void sh(String ns, String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        check(run(true, c.toArray(new String[0])), String.join(" ", c));
    }

    /**
     * Packets the DROP rules of {@code chain} (iptables, namespace {@code ns}) have dropped so far: their packet
     * counters. A segmented (GSO) burst the kernel has not cut yet counts once.
     */
    public static long dropped(String ns, String chain) throws IOException, InterruptedException {
        Output o = output("ip", "netns", "exec", ns, "iptables", "-L", chain, "-v", "-x", "-n");
        check(o.rc, "iptables -L " + chain + " in " + ns);
        long sum = 0;
        for (String line : o.text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2 && f[2].equals("DROP")) {
                sum += Long.parseLong(f[0]);
            }
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

    public static int run(boolean echoErrors, String... cmd) throws IOException, InterruptedException {
        Output o = output(cmd);
        if (o.rc != 0 && echoErrors) {
            System.err.println(String.join(" ", cmd) + ": " + o.text);
        }
        return o.rc;
    }

    public record Output(int rc, String text) { }

    /** Runs a command (bounded: 20 s), stdout and stderr together. */
    public static Output output(String... cmd) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile("chri-cmd", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.toFile()).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Output(-1, "timed out: " + Files.readString(tmp, StandardCharsets.UTF_8));
            }
            return new Output(p.exitValue(), Files.readString(tmp, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
