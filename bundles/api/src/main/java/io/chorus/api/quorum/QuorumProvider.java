package io.chorus.api.quorum;

/**
 * This partition's quorum, as the configured provider (votequorum) decides it. The votequorum engine registers
 * one as an OSGi service; the quorum engine reads it and relays changes to its clients. Without a provider every
 * partition is quorate (Corosync's {@code QUORUM_FREE}). Called on the ring's event loop.
 */
public interface QuorumProvider {

    boolean quorate();

    /** The ring sequence of the configuration the decision belongs to. */
    long ringSeq();

    /** The members of this partition, ascending. */
    int[] members();

    /** {@code listener} runs on the event loop whenever quorate, ring or members change. */
    void addListener(Runnable listener);

    void removeListener(Runnable listener);
}
