package io.chorus.totem;

/**
 * Identifies one ring (one configuration): the nodeid of the representative that created it and a
 * sequence number that advances by 4 at every new ring. Corosync compares ring ids byte for byte, so
 * two ids are equal only when both fields are.
 */
public record RingId(int rep, long seq) {

    /** Corosync prints ring ids as {@code rep.seq-in-hex}, e.g. {@code 1.d}; logs stay comparable with C nodes. */
    @Override
    public String toString() {
        return Integer.toUnsignedString(rep) + "." + Long.toHexString(seq);
    }

    public boolean matches(int otherRep, long otherSeq) {
        return rep == otherRep && seq == otherSeq;
    }
}
