package io.chorus.totem;

import java.util.Arrays;

/**
 * A configuration change in extended virtual synchrony: first a TRANSITIONAL one (the members that came
 * from my old ring into the new one), after which the old ring's remaining messages have been delivered,
 * then a REGULAR one (the new ring's members). Arrays are sorted ascending and owned by the receiver.
 */
public record ConfigurationChange(Kind kind, RingId ringId, int[] members, int[] left, int[] joined) {

    public enum Kind { TRANSITIONAL, REGULAR }

    public boolean isRegular() {
        return kind == Kind.REGULAR;
    }

    @Override
    public String toString() {
        return kind + " " + ringId + " members=" + Arrays.toString(members) + " left=" + Arrays.toString(left)
                + " joined=" + Arrays.toString(joined);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigurationChange c && kind == c.kind && ringId.equals(c.ringId)
                && Arrays.equals(members, c.members) && Arrays.equals(left, c.left) && Arrays.equals(joined, c.joined);
    }

    @Override
    public int hashCode() {
        return 31 * ringId.hashCode() + Arrays.hashCode(members) + kind.hashCode();
    }
}
