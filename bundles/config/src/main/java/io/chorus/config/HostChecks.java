package io.chorus.config;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Findings that depend on the host rather than the file: whether this host has an address of the nodelist,
 * whether a bindnetaddr matches a local interface, whether state_dir exists. {@code chorus check} reports them
 * as warnings; a starting node treats them as errors ({@link #asErrors}).
 */
public final class HostChecks {

    /** The addresses of this host, with their prefix lengths. */
    public record LocalAddress(InetAddress address, int prefixLength) { }

    private HostChecks() { }

    /** Runs the checks against this host's interfaces; {@code home} resolves a relative state_dir. */
    public static List<ConfigProblem> run(ChorusConfig config, Path home) {
        return run(config, home, localAddresses());
    }

    /** Runs the checks against the given local addresses (tests pass their own). */
    public static List<ConfigProblem> run(ChorusConfig config, Path home, List<LocalAddress> local) {
        List<ConfigProblem> out = new ArrayList<>();
        String file = config.source() == null ? "<config>" : config.source().toString();
        if (!config.nodelist().isEmpty() && localNode(config, local).isEmpty()) {
            NodeEntry first = config.nodelist().get(0);
            out.add(ConfigProblem.warning(first.file(), first.line(),
                    "No valid name found for local host: no address of this host is in the nodelist"));
        }
        for (InterfaceSettings i : config.totem().interfaces()) {
            if (i.bindNetAddr() != null && local.stream().noneMatch(a -> sameNetwork(a, i.bindNetAddr()))) {
                out.add(ConfigProblem.warning(i.file(), i.line(), "bindnetaddr " + Addresses.format(i.bindNetAddr())
                        + " matches no interface of this host"));
            }
        }
        Path stateDir = config.system().resolvedStateDir(home);
        if (!Files.isDirectory(stateDir)) {
            int line = config.system().values().entry("state_dir").map(EffectiveEntry::line).orElse(0);
            String where = config.system().values().entry("state_dir").map(EffectiveEntry::file).orElse(file);
            out.add(ConfigProblem.warning(where == null ? file : where, line, "state_dir " + stateDir
                    + " does not exist"));
        }
        return out;
    }

    /** The same findings as errors, for node startup. */
    public static List<ConfigProblem> asErrors(List<ConfigProblem> findings) {
        return findings.stream().map(p -> ConfigProblem.error(p.file(), p.line(), p.reason())).toList();
    }

    /** This host's nodelist entry: the node whose ring0_addr is one of the local addresses. */
    public static Optional<NodeEntry> localNode(ChorusConfig config, List<LocalAddress> local) {
        for (NodeEntry n : config.nodelist()) {
            Optional<InetAddress> a = Addresses.parseLiteral(n.ring0Addr());
            if (a.isPresent() && local.stream().anyMatch(l -> l.address().equals(a.get()))) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code bind} (a network or host address) lies in the local address's network, as Corosync matches it. */
    static boolean sameNetwork(LocalAddress local, InetAddress bind) {
        byte[] a = local.address().getAddress();
        byte[] b = bind.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int bits = local.prefixLength();
        for (int i = 0; i < a.length; i++) {
            int take = Math.max(0, Math.min(8, bits - 8 * i));
            int mask = take == 0 ? 0 : (0xFF << (8 - take)) & 0xFF;
            if ((a[i] & mask) != (b[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Every address of every interface that is up; loopback 127.0.0.0/8 counts whole, as Linux routes it. */
    public static List<LocalAddress> localAddresses() {
        List<LocalAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    out.add(new LocalAddress(ia.getAddress(), ia.getNetworkPrefixLength()));
                    if (ia.getAddress().isLoopbackAddress() && ia.getAddress().getAddress().length == 4) {
                        // Every 127.x.y.z is local on Linux, so the loopback test clusters are local too.
                        for (int last = 1; last < 255; last++) {
                            out.add(new LocalAddress(Addresses.parseLiteral("127.0.0." + last).orElseThrow(), 8));
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // No interface information: every host check then warns, which is the honest answer.
        }
        return out;
    }
}
