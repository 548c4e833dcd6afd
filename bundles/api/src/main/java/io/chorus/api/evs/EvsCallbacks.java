package io.chorus.api.evs;

import java.nio.ByteBuffer;

/** What an EVS handle is told ({@code evs_callbacks_t}), run by {@link Evs#dispatch} on the dispatching thread. */
public interface EvsCallbacks {

    /**
     * A message multicast to a group this handle joined (its own messages included), in agreed order.
     * {@code nodeid} is the sending node; {@code message} is read-only and the handler's to keep.
     */
    void deliver(int nodeid, ByteBuffer message);

    /**
     * The ring's membership changed: node ids of the totem configuration (not group members, EVS has no group
     * membership), ascending. A new handle gets one at once with the current members and empty lists.
     */
    void confchg(int[] members, int[] left, int[] joined);
}
