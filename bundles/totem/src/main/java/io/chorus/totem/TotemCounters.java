package io.chorus.totem;

/** Counters a ring keeps for {@code chorus:status} and cmap's {@code runtime.totem.*}; single-threaded like the core. */
public final class TotemCounters {

    public enum Counter {
        PACKETS_RECEIVED,
        /** Packets too short or too long for their type, with a bad magic, version or type: dropped. */
        PACKETS_MALFORMED,
        ORF_TOKENS_RECEIVED,
        ORF_TOKENS_SENT,
        TOKEN_RETRANSMITS,
        MCASTS_SENT,
        MCASTS_RECEIVED,
        /** Messages this node re-sent because another node asked for them. */
        MCASTS_RETRANSMITTED,
        /** Retransmission requests this node put on the token. */
        RETRANSMIT_REQUESTS,
        MESSAGES_DELIVERED,
        JOINS_SENT,
        JOINS_RECEIVED,
        COMMIT_TOKENS_SENT,
        MERGE_DETECTS_SENT,
        TOKEN_HOLD_CANCELS_SENT,
        GATHER_ENTERED,
        COMMIT_ENTERED,
        RECOVERY_ENTERED,
        OPERATIONAL_ENTERED,
        TOKEN_LOSS,
        CONSENSUS_TIMEOUTS,
        FAILED_TO_RECEIVE,
        /** Messages {@link TotemCore#send} refused because the send queue was full. */
        SEND_QUEUE_FULL
    }

    private final long[] values = new long[Counter.values().length];

    public void increment(Counter counter) {
        values[counter.ordinal()]++;
    }

    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Counter c : Counter.values()) {
            text.append(c.name().toLowerCase()).append('=').append(values[c.ordinal()]).append(' ');
        }
        return text.toString().trim();
    }
}
