package io.chorus.totem;

/**
 * Where a node keeps the sequence of the last ring it committed to, so that after a restart its joins
 * carry a ring sequence the survivors do not ignore (Corosync keeps it in {@code <state_dir>/ringid_<nodeid>}).
 */
public interface RingIdStore {

    /** The stored ring sequence for this node, or 0 when there is none. */
    long load(int nodeId);

    /** Called at every commit, before the node acts on the new ring. */
    void store(int nodeId, long ringSeq);

    /** A store that forgets everything at restart (tests, and nodes with no state_dir). */
    static RingIdStore inMemory() {
        return new RingIdStore() {
            private long seq;

            @Override
            public long load(int nodeId) {
                return seq;
            }

            @Override
            public void store(int nodeId, long ringSeq) {
                seq = ringSeq;
            }
        };
    }
}
