package io.chorus.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Address helpers that never touch DNS: configuration checks must not depend on a resolver. */
public final class Addresses {
    private Addresses() { }

    /** Parses an IPv4 dotted quad or an IPv6 literal (optionally in brackets); empty for anything else. */
    public static Optional<InetAddress> parseLiteral(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.indexOf(':') >= 0) {
            if (!s.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
                return Optional.empty();
            }
        } else if (!isDottedQuad(s)) {
            return Optional.empty();
        }
        try {
            // A literal never triggers a lookup: InetAddress only resolves names.
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean isDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    public static boolean isIpv6(InetAddress a) {
        return a instanceof Inet6Address;
    }

    /** Same address family (IPv4 vs IPv6). */
    public static boolean sameFamily(InetAddress a, InetAddress b) {
        return isIpv6(a) == isIpv6(b);
    }

    /** The text form users wrote, without a leading '/'. */
    public static String format(InetAddress a) {
        return a.getHostAddress();
    }

    /** Corosync's nodeid derivation for udp/udpu: the IPv4 address read as a big-endian 32-bit number. */
    public static long ipv4AsNodeId(InetAddress a, boolean clearHighBit) {
        byte[] b = a.getAddress();
        long id = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        return clearHighBit ? id & 0x7FFFFFFFL : id;
    }
}
