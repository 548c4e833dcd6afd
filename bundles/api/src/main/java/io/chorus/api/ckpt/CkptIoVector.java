package io.chorus.api.ckpt;

/**
 * One element of {@code saCkptCheckpointWrite}/{@code Read}'s io vector: for a write, {@code data} is written at
 * {@code offset}; for a read, {@code size} bytes are asked for at {@code offset} ({@code data} ignored).
 */
public record CkptIoVector(CkptSectionId sectionId, byte[] data, long offset, int size) {

    public static CkptIoVector write(CkptSectionId id, byte[] data, long offset) {
        return new CkptIoVector(id, data, offset, data.length);
    }

    public static CkptIoVector read(CkptSectionId id, long offset, int size) {
        return new CkptIoVector(id, new byte[0], offset, size);
    }
}
