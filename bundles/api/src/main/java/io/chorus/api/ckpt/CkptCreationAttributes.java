package io.chorus.api.ckpt;

/**
 * {@code SaCkptCheckpointCreationAttributesT}. Sizes in bytes, retention in nanoseconds ({@link Ckpt#TIME_END}:
 * kept forever once unused).
 */
public record CkptCreationAttributes(int creationFlags, long checkpointSize, long retentionDuration,
        int maxSections, long maxSectionSize, long maxSectionIdSize) {

    /** Same checkpoint shape: what an open of an existing checkpoint compares (retention is ignored, §5). */
    public boolean sameShape(CkptCreationAttributes o) {
        return creationFlags == o.creationFlags && checkpointSize == o.checkpointSize && maxSections == o.maxSections
                && maxSectionSize == o.maxSectionSize && maxSectionIdSize == o.maxSectionIdSize;
    }

    public CkptCreationAttributes withRetention(long nanos) {
        return new CkptCreationAttributes(creationFlags, checkpointSize, nanos, maxSections, maxSectionSize,
                maxSectionIdSize);
    }
}
