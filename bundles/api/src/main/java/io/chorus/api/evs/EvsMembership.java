package io.chorus.api.evs;

import java.util.Arrays;

/** {@code evs_membership_get}'s answer: this node's id and the ring's members (ascending). */
public record EvsMembership(int localNodeId, int[] members) {

    @Override
    public boolean equals(Object o) {
        return o instanceof EvsMembership m && localNodeId == m.localNodeId && Arrays.equals(members, m.members);
    }

    @Override
    public int hashCode() {
        return localNodeId * 31 + Arrays.hashCode(members);
    }

    @Override
    public String toString() {
        return "local " + Integer.toUnsignedString(localNodeId) + " members " + Arrays.toString(members);
    }
}
