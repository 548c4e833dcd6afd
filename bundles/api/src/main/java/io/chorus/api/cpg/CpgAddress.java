package io.chorus.api.cpg;

/** One process of a group ({@code struct cpg_address}): its node, its pid there, and why it is listed. */
public record CpgAddress(int nodeid, int pid, CpgReason reason) {

    public CpgAddress(int nodeid, int pid) {
        this(nodeid, pid, CpgReason.NONE);
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(nodeid) + "/" + Integer.toUnsignedString(pid)
                + (reason == CpgReason.NONE ? "" : " (" + reason + ")");
    }
}
