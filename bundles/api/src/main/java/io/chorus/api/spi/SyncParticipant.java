package io.chorus.api.spi;

/**
 * An engine's part of the sync protocol (Corosync's sync v2): after each regular configuration, engines are
 * synchronised one at a time in ascending service id, each between two barriers that every member sends.
 * Messages the engine multicasts from {@link #process()} are delivered to it (via {@code deliver}) before
 * the barrier that ends its turn, in the same order on every member.
 */
public interface SyncParticipant {

    /**
     * The engine's turn starts. {@code transitionalMembers} came from this node's previous ring;
     * {@code members} form the new ring (ascending).
     */
    void init(int[] transitionalMembers, int[] members, long ringSeq);

    /**
     * Called repeatedly (once per token rotation) until it returns true: multicast the state this node must
     * send (engines decide who sends: CKPT one node per old partition, CPG every node, ...).
     */
    boolean process();

    /** Every member finished its turn: make the state gathered during sync the live state. */
    void activate();

    /** A new configuration came before {@link #activate()}: discard what was gathered. */
    void abort();
}
