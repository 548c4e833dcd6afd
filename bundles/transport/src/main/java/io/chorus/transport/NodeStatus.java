package io.chorus.transport;

import io.chorus.totem.RingId;
import io.chorus.totem.TotemState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A snapshot of one node for {@code chorus:status} / {@code cfgtool -s}: identity, ring, members, each ring's
 * status and the counters of the core, of totempg and of the transport.
 */
public record NodeStatus(int nodeId, String transport, TotemState state, RingId ringId, int[] members,
                         List<RingStatus> rings, Map<String, Long> totemCounters, Map<String, Long> transportCounters) {

    /** One line, {@code key=value} separated by blanks; NodeMain's status file and tests parse it. */
    public String toLine() {
        String ringText = rings.stream().map(r -> r.ringNumber() + ":" + (r.faulty() ? "FAULTY" : "ok"))
                .collect(Collectors.joining(","));
        return "nodeid=" + Integer.toUnsignedString(nodeId) + " transport=" + transport + " state=" + state
                + " ring=" + ringId + " members=" + Arrays.stream(members).mapToObj(Integer::toUnsignedString)
                .collect(Collectors.joining(",")) + " rings=" + ringText
                + " invalid_digests=" + transportCounters.getOrDefault("invalid_digests", 0L)
                + " packets_in=" + transportCounters.getOrDefault("packets_in", 0L)
                + " packets_out=" + transportCounters.getOrDefault("packets_out", 0L)
                + " tokens=" + totemCounters.getOrDefault("orf_tokens_received", 0L)
                + " token_loss=" + totemCounters.getOrDefault("token_loss", 0L)
                + " retransmits=" + totemCounters.getOrDefault("mcasts_retransmitted", 0L)
                + " delivered=" + totemCounters.getOrDefault("messages_delivered", 0L);
    }
}
