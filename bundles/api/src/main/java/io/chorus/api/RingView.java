package io.chorus.api;

import java.util.Arrays;

/**
 * One configuration of the ring as services see it (extended virtual synchrony): a TRANSITIONAL view (the
 * members that came from the previous ring; the previous ring's last messages are delivered in it) is
 * always followed by the REGULAR view of the new ring. Node ids ascending.
 *
 * @param ringRep    nodeid of the ring's representative
 * @param ringSeq    the ring's sequence number (CLM view number = ringSeq / 4)
 * @param primary    whether this partition may provide service (quorate, or vsftype none)
 */
public record RingView(boolean transitional, int ringRep, long ringSeq, int[] members, int[] left, int[] joined,
        boolean primary) {

    /**
     * The most members a ring has: PROCESSOR_COUNT_MAX of Debian's Corosync build, which totem enforces (a join or
     * commit token listing more is dropped). Decoders of node lists take no more than this.
     */
    public static final int MAX_MEMBERS = 384;

    public boolean contains(int nodeId) {
        for (int member : members) {
            if (member == nodeId) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RingView v && transitional == v.transitional && ringRep == v.ringRep
                && ringSeq == v.ringSeq && primary == v.primary && Arrays.equals(members, v.members)
                && Arrays.equals(left, v.left) && Arrays.equals(joined, v.joined);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ringSeq) * 31 + Arrays.hashCode(members);
    }

    @Override
    public String toString() {
        return (transitional ? "TRANSITIONAL " : "REGULAR ") + Integer.toUnsignedString(ringRep) + "."
                + Long.toHexString(ringSeq) + " members=" + Arrays.toString(members) + " left=" + Arrays.toString(left)
                + " joined=" + Arrays.toString(joined) + (primary ? "" : " (non-primary)");
    }
}
