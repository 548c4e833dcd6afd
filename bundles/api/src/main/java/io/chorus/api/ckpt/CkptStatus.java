package io.chorus.api.ckpt;

/** {@code SaCkptCheckpointDescriptorT}. */
public record CkptStatus(CkptCreationAttributes attributes, int numberOfSections, long memoryUsed) {
}
