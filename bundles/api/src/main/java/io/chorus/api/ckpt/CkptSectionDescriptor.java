package io.chorus.api.ckpt;

/** {@code SaCkptSectionDescriptorT}: times in ns since the epoch. */
public record CkptSectionDescriptor(CkptSectionId sectionId, long expirationTime, long sectionSize,
        int sectionState, long lastUpdate) {
}
