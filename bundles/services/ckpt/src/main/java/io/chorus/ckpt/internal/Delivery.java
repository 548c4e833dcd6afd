package io.chorus.ckpt.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.ckpt.CkptCreationAttributes;
import io.chorus.api.ckpt.CkptProtocol;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ResponseStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** One ordered CKPT message: decoded, applied to the replica, and answered on the node that sent it. */
final class Delivery {

    private final CkptEngine engine;
    private final int sender;

    Delivery(CkptEngine engine, int sender) {
        this.engine = engine;
        this.sender = sender;
    }

    void apply(int fn, ByteBuffer b) {
        CkptReplica r = engine.replica;
        switch (fn) {
            case CkptWire.SECTION_EXPIRE -> r.sectionExpire(b.getLong(), CkptProtocol.getId(b), b.getLong());
            case CkptWire.RETENTION_END -> r.retentionEnd(b.getLong());
            case CkptWire.OPEN -> open(b);
            default -> {
                long session = b.getLong();
                CkptReplica.Outcome out = switch (fn) {
                    case CkptWire.CLOSE -> status(r.close(sender, b.getLong()));
                    case CkptWire.UNLINK -> status(r.unlink(CkptProtocol.getString(b)));
                    case CkptWire.RETENTION_SET -> status(r.retentionSet(b.getLong(), b.getLong()));
                    case CkptWire.SECTION_CREATE -> status(r.sectionCreate(b.getLong(), CkptProtocol.getId(b),
                            b.getLong(), b.getLong(), CkptProtocol.getBytes(b)));
                    case CkptWire.SECTION_DELETE -> status(r.sectionDelete(b.getLong(), CkptProtocol.getId(b)));
                    case CkptWire.EXPIRATION_SET -> status(r.expirationSet(b.getLong(), CkptProtocol.getId(b),
                            b.getLong()));
                    case CkptWire.WRITE -> write(r, b);
                    case CkptWire.READ -> read(r, b);
                    case CkptWire.OVERWRITE -> status(r.overwrite(b.getLong(), CkptProtocol.getId(b), b.getLong(),
                            CkptProtocol.getBytes(b)));
                    default -> null; // a newer engine's message
                };
                if (out != null) {
                    engine.answer(sender, session, out.payload() == null ? ResponseStatus.of(out.error())
                            : ResponseStatus.ok(out.payload()));
                }
            }
        }
    }

    private static CkptReplica.Outcome status(ChorusError e) {
        return CkptReplica.Outcome.of(e);
    }

    private static CkptReplica.Outcome write(CkptReplica r, ByteBuffer b) {
        long id = b.getLong();
        long now = b.getLong();
        int n = b.getInt();
        List<CkptReplica.Write> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            writes.add(new CkptReplica.Write(CkptProtocol.getId(b), b.getLong(), CkptProtocol.getBytes(b)));
        }
        return status(r.write(id, now, writes));
    }

    private static CkptReplica.Outcome read(CkptReplica r, ByteBuffer b) {
        long id = b.getLong();
        int n = b.getInt();
        List<CkptReplica.Read> reads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reads.add(new CkptReplica.Read(CkptProtocol.getId(b), b.getLong(), b.getInt()));
        }
        return r.read(id, reads);
    }

    /**
     * OPEN: every node counts the opener; its node gives the session a handle (answer or async callback). If the
     * session went away meanwhile, the open is undone with an ordered close, so every node's count stays right.
     */
    private void open(ByteBuffer b) {
        long session = b.getLong();
        long invocation = b.getLong();
        boolean async = b.getInt() != 0;
        String name = CkptProtocol.getString(b);
        int flags = b.getInt();
        CkptCreationAttributes attrs = CkptEngine.attrsOrNull(b);
        Object result = engine.replica.open(sender, name, flags, attrs);
        if (sender != engine.context.localNodeId()) {
            return;
        }
        CkptSession s = engine.waiting(sender, session);
        if (result instanceof Checkpoint c) {
            if (s == null) {
                engine.sendOrdered(CkptWire.CLOSE, CkptProtocol.out().i64(CkptWire.NO_SESSION).i64(c.id).done());
                return;
            }
            long handle = s.add(new CkptSession.Open(c.id, flags));
            reply(s, async, invocation, ChorusError.OK, handle, flags);
        } else if (s != null) {
            reply(s, async, invocation, (ChorusError) result, 0, flags);
        }
    }

    private static void reply(CkptSession s, boolean async, long invocation, ChorusError e, long handle, int flags) {
        ClientSession session = s.session;
        if (async) {
            session.dispatch(CkptProtocol.CB_OPEN, CkptProtocol.out().i64(invocation).i32(e.code()).i64(handle)
                    .i32(flags).done());
        } else if (e == ChorusError.OK) {
            session.respond(CkptProtocol.OPEN, ResponseStatus.ok(CkptProtocol.out().i64(handle).done()));
        } else {
            session.respond(CkptProtocol.OPEN, ResponseStatus.of(e));
        }
    }
}
