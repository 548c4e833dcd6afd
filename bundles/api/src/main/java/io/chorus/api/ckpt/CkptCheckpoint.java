package io.chorus.api.ckpt;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** An open checkpoint (a {@code SaCkptCheckpointHandleT}); every call goes to the engine. */
public final class CkptCheckpoint implements AutoCloseable {

    private final CkptClient client;
    private final long handle;
    private final int openFlags;

    CkptCheckpoint(CkptClient client, long handle, int openFlags) {
        this.client = client;
        this.handle = handle;
        this.openFlags = openFlags;
    }

    public int openFlags() {
        return openFlags;
    }

    private CkptProtocol.Out req() {
        return CkptProtocol.out().i64(handle);
    }

    /** {@code saCkptCheckpointClose}. */
    @Override
    public void close() throws ChorusException {
        client.call(CkptProtocol.CLOSE, req());
    }

    public void retentionDurationSet(long nanos) throws ChorusException {
        client.call(CkptProtocol.RETENTION_SET, req().i64(nanos));
    }

    public CkptStatus statusGet() throws ChorusException {
        ByteBuffer r = client.call(CkptProtocol.STATUS_GET, req());
        return new CkptStatus(CkptProtocol.getAttrs(r), r.getInt(), r.getLong());
    }

    /** {@code saCkptSectionCreate}: expiration in ns since the epoch, {@link Ckpt#TIME_END} for never. */
    public void sectionCreate(CkptSectionId id, long expirationTime, byte[] initialData) throws ChorusException {
        client.call(CkptProtocol.SECTION_CREATE, req().id(id).i64(expirationTime).bytes(initialData));
    }

    public void sectionDelete(CkptSectionId id) throws ChorusException {
        client.call(CkptProtocol.SECTION_DELETE, req().id(id));
    }

    public void sectionExpirationTimeSet(CkptSectionId id, long expirationTime) throws ChorusException {
        client.call(CkptProtocol.SECTION_EXPIRATION_SET, req().id(id).i64(expirationTime));
    }

    /** {@code saCkptCheckpointWrite}: all elements or none (the engine checks every one before writing). */
    public void write(List<CkptIoVector> vector) throws ChorusException {
        CkptProtocol.Out o = req().i32(vector.size());
        for (CkptIoVector v : vector) {
            o.id(v.sectionId()).i64(v.offset()).bytes(v.data());
        }
        client.call(CkptProtocol.WRITE, o);
    }

    public void sectionOverwrite(CkptSectionId id, byte[] data) throws ChorusException {
        client.call(CkptProtocol.SECTION_OVERWRITE, req().id(id).bytes(data));
    }

    /** {@code saCkptCheckpointRead}, totally ordered with writes: per element, the bytes read (readSize). */
    public List<byte[]> read(List<CkptIoVector> vector) throws ChorusException {
        CkptProtocol.Out o = req().i32(vector.size());
        for (CkptIoVector v : vector) {
            o.id(v.sectionId()).i64(v.offset()).i32(v.size());
        }
        ByteBuffer r = client.call(CkptProtocol.READ, o);
        int n = LittleEndian.getCount(r, Integer.MAX_VALUE, 4);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(CkptProtocol.getBytes(r));
        }
        return out;
    }

    /** {@code saCkptSectionIterationInitialize}: a snapshot of this node's replica's sections. */
    public Iterator sectionIterationInitialize(int selection, long expirationTime) throws ChorusException {
        ByteBuffer r = client.call(CkptProtocol.ITERATION_INITIALIZE, req().i32(selection).i64(expirationTime));
        return new Iterator(r.getLong());
    }

    /** A {@code SaCkptSectionIterationHandleT}. */
    public final class Iterator implements AutoCloseable {
        private final long id;

        private Iterator(long id) {
            this.id = id;
        }

        /** The next section; NO_SECTIONS at the end. */
        public CkptSectionDescriptor next() throws ChorusException {
            ByteBuffer r = client.call(CkptProtocol.ITERATION_NEXT, CkptProtocol.out().i64(id));
            return CkptProtocol.getDescriptor(r);
        }

        /** {@code saCkptSectionIterationFinalize}. */
        @Override
        public void close() throws ChorusException {
            client.call(CkptProtocol.ITERATION_FINALIZE, CkptProtocol.out().i64(id));
        }
    }

    static ChorusException malformed(RuntimeException e) {
        return new ChorusException(ChorusError.MESSAGE_ERROR, "malformed CKPT answer: " + e);
    }
}
