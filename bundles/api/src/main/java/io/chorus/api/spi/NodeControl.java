package io.chorus.api.spi;

import java.util.List;
import java.util.Map;

/**
 * This node's ring as an administrator sees it: its status, its redundant rings, and a clean stop. The CFG engine
 * ({@code cfgtool -s/-r/-k/-H}) and the console's {@code chorus:status} need exactly this from the transport, and
 * neither may depend on the transport bundle (DESIGN.md: services and the shell depend on the API only), so the
 * executive bundle offers it as an OSGi service backed by the node's Totem transport. Tests give engines their
 * own implementation.
 *
 * <p>Threads: every method may be called from any thread, the ring's event loop included.
 */
public interface NodeControl {

    /** A consistent snapshot of this node. */
    Status status();

    /** Clears the FAULTY mark of this node's rings; returns how many were faulty. */
    int reenableRings();

    /**
     * Stops this node cleanly: it leaves the ring (the others form a new one at once, without a token timeout)
     * and the executive stops, as corosync exits after {@code cfg_kill_node} or an agreed shutdown. Returns at
     * once; the stop happens on another thread, after the caller's event-loop work is done.
     */
    void shutdown(String reason);

    /**
     * One ring (link) of this node.
     *
     * @param ringNumber the interface's ringnumber
     * @param address    this node's address on it
     * @param faulty     marked FAULTY by the redundant-ring monitor (no traffic is sent on it)
     */
    record Ring(int ringNumber, String address, boolean faulty) {

        /** Corosync 1.x's {@code cfgtool -s} wording. */
        public String describe() {
            return faulty ? "Marking ringid " + ringNumber + " interface " + address + " FAULTY"
                    : "ring " + ringNumber + " active with no faults";
        }
    }

    /**
     * @param nodeId    this node's nodeid
     * @param transport {@code udp} or {@code udpu}
     * @param state     the membership state (OPERATIONAL, GATHER, COMMIT, RECOVERY)
     * @param ringRep   the ring id's representative
     * @param ringSeq   the ring id's sequence number
     * @param members   the ring's members, ascending
     * @param rings     each ring (link) of this node
     * @param counters  totem and transport counters by name ({@code packets_in}, {@code packets_out},
     *                  {@code orf_tokens_received}, {@code mcasts_retransmitted}, {@code invalid_digests}, ...)
     */
    record Status(int nodeId, String transport, String state, int ringRep, long ringSeq, int[] members,
                  List<Ring> rings, Map<String, Long> counters) {

        public Status {
            members = members.clone();
            rings = List.copyOf(rings);
            counters = Map.copyOf(counters);
        }

        @Override
        public int[] members() {
            return members.clone();
        }

        /** Corosync's ring id notation, {@code rep.seq} (seq in hex). */
        public String ringId() {
            return Integer.toUnsignedString(ringRep) + "." + Long.toHexString(ringSeq);
        }

        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }
}
