package io.chorus.api.cpg;

/** {@code cpg_flow_control_state_t}: ENABLED means the node is backed up and senders should pause. */
public enum CpgFlowControl {
    DISABLED,
    ENABLED
}
