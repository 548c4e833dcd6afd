package io.chorus.api.quorum;

/** {@code quorum_notification_fn_t}: whether the partition is quorate, its ring sequence and its members. */
@FunctionalInterface
public interface QuorumCallbacks {

    void notify(boolean quorate, long ringSeq, int[] members);
}
