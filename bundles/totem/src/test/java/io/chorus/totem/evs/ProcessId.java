package io.chorus.totem.evs;

/**
 * One life of a node: a restarted node is a new process (EVS reasons about processes, and a crashed
 * process never comes back; what comes back is a new one with the same nodeid).
 */
public record ProcessId(int nodeId, int incarnation) {

    @Override
    public String toString() {
        return "n" + nodeId + "/" + incarnation;
    }
}
