package io.chorus.ckpt.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.ckpt.Ckpt;
import io.chorus.api.ckpt.CkptCreationAttributes;
import io.chorus.api.ckpt.CkptProtocol;
import io.chorus.api.ckpt.CkptSectionDescriptor;
import io.chorus.api.spi.ResponseStatus;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One library request of one session: checks what only the handle knows (initialized, handle valid, opened for
 * READ/WRITE, flags and attributes well formed), then orders it, or answers from this node's replica (status,
 * iteration). Returns the answer, or null when it follows the ordered message.
 */
final class Requests {

    private final CkptEngine engine;
    private final CkptSession s;

    Requests(CkptEngine engine, CkptSession s) {
        this.engine = engine;
        this.s = s;
    }

    private static ByteBuffer status(ChorusError e) {
        return ResponseStatus.of(e);
    }

    ByteBuffer handle(int fn, ByteBuffer b) {
        return switch (fn) {
            case CkptProtocol.INITIALIZE -> initialize(b);
            case CkptProtocol.OPEN -> open(b, false, 0);
            case CkptProtocol.OPEN_ASYNC -> open(b, true, b.getLong());
            case CkptProtocol.UNLINK -> engine.order(s, fn, CkptWire.UNLINK,
                    msg().string(CkptProtocol.getString(b)).done());
            case CkptProtocol.ITERATION_NEXT -> iterationNext(b.getLong());
            case CkptProtocol.ITERATION_FINALIZE -> status(s.iterators.remove(b.getLong()) == null
                    ? ChorusError.BAD_HANDLE : ChorusError.OK);
            default -> onCheckpoint(fn, b);
        };
    }

    private CkptProtocol.Out msg() {
        return CkptProtocol.out().i64(s.session.id());
    }

    private ByteBuffer initialize(ByteBuffer b) {
        char release = (char) b.getInt();
        int major = b.getInt();
        if (release != CkptProtocol.RELEASE || major != CkptProtocol.MAJOR) {
            return status(ChorusError.VERSION);
        }
        s.initialized = true;
        return ResponseStatus.ok(CkptProtocol.out().i32(CkptProtocol.RELEASE).i32(CkptProtocol.MAJOR)
                .i32(CkptProtocol.MINOR).done());
    }

    private ByteBuffer open(ByteBuffer b, boolean async, long invocation) {
        String name = CkptProtocol.getString(b);
        int flags = b.getInt();
        CkptCreationAttributes attrs = CkptEngine.attrsOrNull(b);
        if ((flags & ~(Ckpt.READ | Ckpt.WRITE | Ckpt.CREATE)) != 0) {
            return status(ChorusError.BAD_FLAGS);
        }
        boolean create = (flags & Ckpt.CREATE) != 0;
        if (create != (attrs != null) || name.isEmpty()) {
            return status(ChorusError.INVALID_PARAM);
        }
        if (attrs != null && (attrs.maxSections() < 1 || attrs.maxSectionSize() < 0 || attrs.checkpointSize() < 0
                || attrs.checkpointSize() > (double) attrs.maxSections() * attrs.maxSectionSize())) {
            return status(ChorusError.INVALID_PARAM);
        }
        ByteBuffer m = CkptProtocol.open(msg().i64(invocation).i32(async ? 1 : 0), name, attrs, flags).done();
        ByteBuffer answer = engine.order(s, async ? CkptProtocol.OPEN_ASYNC : CkptProtocol.OPEN, CkptWire.OPEN, m);
        // async: the call is answered once the ring took it; the outcome comes as the open callback
        return async && answer == null ? status(ChorusError.OK) : answer;
    }

    private ByteBuffer iterationNext(long iterator) {
        ArrayDeque<CkptSectionDescriptor> left = s.iterators.get(iterator);
        if (left == null) {
            return status(ChorusError.BAD_HANDLE);
        }
        CkptSectionDescriptor d = left.poll();
        if (d == null) {
            return status(ChorusError.NO_SECTIONS);
        }
        CkptProtocol.Out o = CkptProtocol.out();
        CkptProtocol.putDescriptor(o, d);
        return ResponseStatus.ok(o.done());
    }

    /** Operations on an open checkpoint handle. */
    private ByteBuffer onCheckpoint(int fn, ByteBuffer b) {
        long handle = b.getLong();
        CkptSession.Open open = s.opens.get(handle);
        if (open == null) {
            return status(ChorusError.BAD_HANDLE);
        }
        long id = open.checkpointId();
        boolean writer = (open.flags() & Ckpt.WRITE) != 0;
        boolean reader = (open.flags() & Ckpt.READ) != 0;
        switch (fn) {
            case CkptProtocol.CLOSE -> {
                ByteBuffer answer = engine.order(s, fn, CkptWire.CLOSE, msg().i64(id).done());
                if (answer == null) {
                    s.opens.remove(handle);
                }
                return answer;
            }
            case CkptProtocol.RETENTION_SET -> {
                return engine.order(s, fn, CkptWire.RETENTION_SET, msg().i64(id).i64(b.getLong()).done());
            }
            case CkptProtocol.STATUS_GET -> {
                return statusGet(id);
            }
            case CkptProtocol.ITERATION_INITIALIZE -> {
                Checkpoint c = engine.checkpoint(id);
                if (c == null) {
                    return status(ChorusError.NOT_EXIST);
                }
                int selection = b.getInt();
                long time = b.getLong();
                return ResponseStatus.ok(CkptProtocol.out().i64(s.addIterator(engine.sections(c, selection, time)))
                        .done());
            }
            case CkptProtocol.READ -> {
                return reader ? engine.order(s, fn, CkptWire.READ, msg().i64(id).done(), b.slice()) : status(ChorusError.ACCESS);
            }
            default -> {
                if (!writer) {
                    return status(ChorusError.ACCESS);
                }
                return switch (fn) {
                    case CkptProtocol.SECTION_CREATE -> {
                        byte[] sid = CkptProtocol.getBytes(b);
                        long expiration = b.getLong();
                        byte[] data = CkptProtocol.getBytes(b);
                        yield engine.order(s, fn, CkptWire.SECTION_CREATE, msg().i64(id).bytes(sid).i64(expiration)
                                .i64(engine.now()).bytes(data).done());
                    }
                    case CkptProtocol.SECTION_DELETE -> engine.order(s, fn, CkptWire.SECTION_DELETE,
                            msg().i64(id).bytes(CkptProtocol.getBytes(b)).done());
                    case CkptProtocol.SECTION_EXPIRATION_SET -> engine.order(s, fn, CkptWire.EXPIRATION_SET,
                            msg().i64(id).bytes(CkptProtocol.getBytes(b)).i64(b.getLong()).done());
                    case CkptProtocol.WRITE -> engine.order(s, fn, CkptWire.WRITE,
                            msg().i64(id).i64(engine.now()).done(), b.slice());
                    case CkptProtocol.SECTION_OVERWRITE -> {
                        byte[] sid = CkptProtocol.getBytes(b);
                        yield engine.order(s, fn, CkptWire.OVERWRITE, msg().i64(id).bytes(sid).i64(engine.now())
                                .bytes(CkptProtocol.getBytes(b)).done());
                    }
                    default -> status(ChorusError.NOT_SUPPORTED);
                };
            }
        }
    }

    private ByteBuffer statusGet(long id) {
        Checkpoint c = engine.checkpoint(id);
        if (c == null) {
            return status(ChorusError.NOT_EXIST);
        }
        return ResponseStatus.ok(CkptProtocol.out().attrs(c.attributes).i32(c.sections.size()).i64(c.memoryUsed())
                .done());
    }
}
