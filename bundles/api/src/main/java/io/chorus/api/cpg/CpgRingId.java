package io.chorus.api.cpg;

/** The ring a totem confchg describes ({@code struct cpg_ring_id}): its representative and sequence number. */
public record CpgRingId(int nodeid, long seq) {

    @Override
    public String toString() {
        return Integer.toUnsignedString(nodeid) + "." + Long.toHexString(seq);
    }
}
