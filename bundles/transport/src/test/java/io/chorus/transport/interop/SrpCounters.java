package io.chorus.transport.interop;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C nodes' totemsrp counters ({@code corosync-cmapctl -m stats stats.srp.}), read before and after the Chorus
 * node multicasts, show whether every C node received its MCASTs: {@code mcast_rx} counts every MCAST datagram a
 * daemon takes off the wire; the MCASTs the C nodes sent themselves in the meantime ({@code mcast_tx + mcast_retx}
 * summed over all C nodes) are subtracted, so what remains is a lower bound of the MCASTs a C node received from the
 * Chorus node. Counters by C nodeid, then by name.
 */
public final class SrpCounters {

    /** totem.netmtu (corosync's default; the configs do not set it): no MCAST carries more message bytes. */
    public static final int NETMTU = 1500;
    /** {@code stats.srp.mcast_rx (u64) = 42} */
    private static final Pattern SRP_STAT = Pattern.compile("^stats\\.srp\\.(\\w+) \\(\\w+\\) = (\\d+)", Pattern.MULTILINE);
    public static final List<String> COUNTERS = List.of("mcast_rx", "mcast_tx", "mcast_retx", "orf_token_rx",
            "rx_msg_dropped");

    private SrpCounters() {
    }

    /** The fewest MCASTs {@code messageBytes} bytes of messages take: {@code ceil(messageBytes / NETMTU)}. */
    public static long minMcasts(long messageBytes) {
        return (messageBytes + NETMTU - 1) / NETMTU;
    }

    /** The totemsrp counters of every running C node: {@code corosync-cmapctl -m stats stats.srp.}. */
    public static TreeMap<Integer, Map<String, Long>> read(Collection<CorosyncDaemon> daemons) throws Exception {
        TreeMap<Integer, Map<String, Long>> all = new TreeMap<>();
        for (CorosyncDaemon d : daemons) {
            if (!d.isAlive()) {
                continue;
            }
            String text = d.cmapctl("-m", "stats", "stats.srp.");
            Map<String, Long> counters = new TreeMap<>();
            Matcher m = SRP_STAT.matcher(text);
            while (m.find()) {
                counters.put(m.group(1), Long.parseLong(m.group(2)));
            }
            if (!counters.keySet().containsAll(COUNTERS)) {
                throw new AssertionError("C node " + d.nodeId + ": corosync-cmapctl -m stats stats.srp. lacks "
                        + COUNTERS + ": " + text);
            }
            all.put(d.nodeId, counters);
        }
        return all;
    }

    /**
     * Null when every C node of {@code before} received at least {@code minMcasts} MCASTs from the Chorus node (and
     * the ORF token, and dropped no MCAST) between the two readings, else why not.
     */
    public static String cReceived(Map<Integer, Map<String, Long>> before, Map<Integer, Map<String, Long>> after,
            long minMcasts) {
        long cSent = 0;
        for (int id : before.keySet()) {
            cSent += delta(before, after, id, "mcast_tx") + delta(before, after, id, "mcast_retx");
        }
        StringBuilder problems = new StringBuilder();
        for (int id : before.keySet()) {
            long rx = delta(before, after, id, "mcast_rx");
            if (rx - cSent < minMcasts) {
                problems.append("C node ").append(id).append(": mcast_rx +").append(rx).append(", of which the C nodes")
                        .append(" sent ").append(cSent).append(" themselves, so at most ").append(rx - cSent)
                        .append(" from the Chorus node, which sent at least ").append(minMcasts).append("; ");
            }
            if (delta(before, after, id, "orf_token_rx") < 1) {
                problems.append("C node ").append(id).append(": no ORF token received; ");
            }
            if (delta(before, after, id, "rx_msg_dropped") != 0) {
                problems.append("C node ").append(id).append(": rx_msg_dropped +")
                        .append(delta(before, after, id, "rx_msg_dropped")).append("; ");
            }
        }
        return problems.length() == 0 ? null : problems.toString();
    }

    /**
     * Reads the counters until {@link #cReceived} finds nothing missing or {@code millis} passed (the C nodes may
     * still be catching up through retransmissions); the last reading.
     */
    public static TreeMap<Integer, Map<String, Long>> awaitCReceived(Collection<CorosyncDaemon> daemons,
            Map<Integer, Map<String, Long>> before, long minMcasts, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            TreeMap<Integer, Map<String, Long>> after = read(daemons);
            if (cReceived(before, after, minMcasts) == null || System.nanoTime() > deadline) {
                return after;
            }
            Thread.sleep(200);
        }
    }

    /** How much C node {@code id}'s {@code counter} grew; an AssertionError if the node has no reading after. */
    public static long delta(Map<Integer, Map<String, Long>> before, Map<Integer, Map<String, Long>> after, int id,
            String counter) {
        Map<String, Long> a = after.get(id);
        if (a == null) {
            throw new AssertionError("C node " + id + " is gone");
        }
        return a.get(counter) - before.get(id).get(counter);
    }

    /** Every counter's growth on every C node of {@code before}, for a report ({@code ?} for a node gone since). */
    public static String deltas(Map<Integer, Map<String, Long>> before, Map<Integer, Map<String, Long>> after) {
        StringBuilder text = new StringBuilder();
        for (int id : before.keySet()) {
            text.append("node ").append(id);
            for (String counter : COUNTERS) {
                text.append(' ').append(counter).append(" +").append(after.containsKey(id)
                        ? delta(before, after, id, counter) : "?");
            }
            text.append("; ");
        }
        return text.toString();
    }
}
