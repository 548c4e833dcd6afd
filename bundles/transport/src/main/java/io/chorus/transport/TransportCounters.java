package io.chorus.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the transport of one node counts; updated on the ring's event loop only, read through {@link TotemNode#status()}. */
public final class TransportCounters {

    public enum Counter {
        PACKETS_IN,
        BYTES_IN,
        PACKETS_OUT,
        BYTES_OUT,
        /** Packets that failed authentication (wrong key, tampered, truncated): dropped, never seen by the core. */
        INVALID_DIGESTS,
        /** Datagrams from a source address that is not listed ({@code block_unlisted_ips}). */
        BLOCKED_UNLISTED,
        /** Second copies of an active-rrp packet. */
        RRP_DUPLICATES,
        /** Own joins and other control multicasts looped back through the internal path (the core keeps its MCASTs). */
        SELF_DELIVERED,
        /** Tokens for a nodeid with no known address. */
        UNKNOWN_TARGET,
        SOCKET_ERRORS,
        /** Packets dropped because the crypto threads ({@code threads: N}) were that far behind. */
        CRYPTO_QUEUE_FULL
    }

    private final long[] values = new long[Counter.values().length];

    public void increment(Counter c) {
        values[c.ordinal()]++;
    }

    public void add(Counter c, long n) {
        values[c.ordinal()] += n;
    }

    public long get(Counter c) {
        return values[c.ordinal()];
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            m.put(c.name().toLowerCase(), values[c.ordinal()]);
        }
        return m;
    }
}
