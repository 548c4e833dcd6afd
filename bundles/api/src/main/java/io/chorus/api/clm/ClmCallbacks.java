package io.chorus.api.clm;

import io.chorus.api.ChorusError;

/** {@code SaClmCallbacksT}, run by {@link Clm#dispatch} on the dispatching thread. */
public interface ClmCallbacks {

    /** The answer to {@link Clm#clusterNodeGetAsync}: the node, or null and INVALID_PARAM for an unknown id. */
    default void clusterNodeGet(long invocation, ClmNode node, ChorusError error) {
    }

    /**
     * A tracked change, or the current membership when it was asked for through the callback.
     * {@code numberOfMembers} is the number of members after the change (OpenAIS passed the item count here;
     * services.md §12 fixes it).
     */
    default void clusterTrack(ClmNotificationBuffer buffer, int numberOfMembers, ChorusError error) {
    }
}
