package io.chorus.transport;

/**
 * One ring (link) as {@code cfgtool -s} shows it.
 *
 * @param ringNumber    the interface's ringnumber
 * @param localAddress  this node's address on it
 * @param faulty        marked FAULTY by the redundant-ring monitor (no traffic is sent on it)
 * @param problemCount  the current problem counter (decays every {@code rrp_problem_count_timeout})
 */
public record RingStatus(int ringNumber, String localAddress, boolean faulty, int problemCount) {

    /** Corosync's wording: {@code ring 0 active with no faults} or {@code Marking ringid 0 interface ... FAULTY}. */
    public String describe() {
        return faulty ? "ring " + ringNumber + " (" + localAddress + ") FAULTY"
                : "ring " + ringNumber + " (" + localAddress + ") active with no faults";
    }
}
