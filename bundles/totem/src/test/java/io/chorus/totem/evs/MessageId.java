package io.chorus.totem.evs;

/**
 * Names one application message of a run: the node and incarnation that sent it and that sender's counter.
 * The simulator writes these fields into every payload, so a delivered payload says which message it is.
 */
public record MessageId(int nodeId, int incarnation, long counter) {

    @Override
    public String toString() {
        return "n" + nodeId + "/" + incarnation + "#" + counter;
    }
}
