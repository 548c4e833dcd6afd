package io.chorus.api.cpg;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a CPG handle is told ({@code cpg_callbacks_t} / {@code cpg_model_v1_data_t}), run by
 * {@link Cpg#dispatch} on the dispatching thread.
 */
public interface CpgCallbacks {

    /**
     * A message multicast to the handle's group, in agreed order (the same order on every member). {@code nodeid}
     * is the node that sent it, {@code pid} the sending process there. {@code message} is read-only and the
     * handler's to keep.
     */
    void deliver(CpgGroup group, int nodeid, int pid, ByteBuffer message);

    /**
     * The group's membership changed: {@code members} after the change (join order), {@code left} and
     * {@code joined} with their reasons.
     */
    void confchg(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left, List<CpgAddress> joined);

    /** The ring's membership after a sync (model v1's totem confchg). Optional. */
    default void totemConfchg(CpgRingId ringId, int[] members) {
    }
}
