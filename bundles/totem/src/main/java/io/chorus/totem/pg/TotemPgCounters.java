package io.chorus.totem.pg;

/** Counters of the totempg layer (for {@code chorus:status}); single-threaded like the ring. */
public final class TotemPgCounters {

    public enum Counter {
        /** Messages accepted by {@link TotemPgPacker#mcast}. */
        MESSAGES_SENT,
        /** Messages refused whole because the send queue could not take all their packets (TRY_AGAIN). */
        MESSAGES_REFUSED,
        /** Messages that needed more than one packet. */
        MESSAGES_FRAGMENTED,
        /** Packets handed to the SRP send queue. */
        PACKETS_SENT,
        /** Partly filled packets flushed because the token arrived. */
        PACKETS_FLUSHED_ON_TOKEN,
        /** Packets delivered by the SRP and unpacked. */
        PACKETS_RECEIVED,
        /** Packets whose header, counts or lengths do not fit the packet: dropped whole. */
        PACKETS_MALFORMED,
        /** Whole messages handed to the group router. */
        MESSAGES_RECEIVED,
        /** Messages whose group header does not fit the message: dropped. */
        MESSAGES_MALFORMED,
        /** Messages for groups nobody joined: ignored, as Corosync does. */
        MESSAGES_UNROUTED,
        /** Fragment chains found broken (continuation mismatch, or a new chain before the old one ended). */
        BROKEN_CHAINS,
        /** Message pieces thrown away because their chain was broken. */
        FRAGMENTS_THROWN_AWAY,
        /** Reassembled messages that grew past {@link TotemPgAssembler#MAX_ASSEMBLED_SIZE}: thrown away. */
        MESSAGES_TOO_LARGE
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
