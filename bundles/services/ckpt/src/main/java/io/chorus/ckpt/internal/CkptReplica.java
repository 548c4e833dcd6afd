package io.chorus.ckpt.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.ckpt.Ckpt;
import io.chorus.api.ckpt.CkptCreationAttributes;
import io.chorus.api.ckpt.CkptProtocol;
import io.chorus.api.ckpt.CkptSectionId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * This node's replica of every checkpoint and the ordered operations on it. Every node applies the same
 * messages in the same order, so every replica makes the same decisions (errors included); only the originating
 * node turns the outcome into an answer. Timers are the engine's (local), armed through {@link Timers}.
 */
final class CkptReplica {

    /** What the replica asks of the node's clock. */
    interface Timers {
        /** The checkpoint has no opener left: start its retention timer (it is not unlinked). */
        void unused(Checkpoint c);

        /** The section's expiration time changed (or it was created): (re)arm its timer. */
        void expiration(Checkpoint c, Section s);
    }

    /** An outcome: an error, or OK with an optional payload. */
    record Outcome(ChorusError error, ByteBuffer payload) {
        static Outcome of(ChorusError e) {
            return new Outcome(e, null);
        }

        static final Outcome OK = of(ChorusError.OK);
    }

    final Checkpoints checkpoints = new Checkpoints();
    private final Timers timers;

    CkptReplica(Timers timers) {
        this.timers = timers;
    }

    /** OPEN: the checkpoint opened (its refcount on {@code node} raised), or the error. */
    Object open(int node, String name, int flags, CkptCreationAttributes attrs) {
        Checkpoint c = checkpoints.byName(name);
        if (c == null) {
            if ((flags & Ckpt.CREATE) == 0) {
                return ChorusError.NOT_EXIST;
            }
            c = new Checkpoint(name, checkpoints.nextId(node), attrs);
            checkpoints.add(c);
            if (attrs.maxSections() == 1) {
                c.sections.put(CkptSectionId.DEFAULT, new Section(CkptSectionId.DEFAULT, new byte[0], Ckpt.TIME_END, 0));
            }
        } else if (attrs != null && !attrs.sameShape(c.attributes)) {
            return ChorusError.EXIST;
        }
        c.ref(node, 1);
        if (c.retentionTimer != null) {
            c.retentionTimer.cancel(false);
            c.retentionTimer = null;
        }
        return c;
    }

    ChorusError close(int node, long id) {
        Checkpoint c = checkpoints.get(id);
        if (c == null) {
            return ChorusError.NOT_EXIST;
        }
        c.ref(node, -1);
        released(c);
        return ChorusError.OK;
    }

    /** After a refcount dropped or the name went: free an unlinked unused checkpoint, or start retention. */
    void released(Checkpoint c) {
        if (c.refcount() > 0) {
            return;
        }
        if (c.unlinked) {
            checkpoints.remove(c);
        } else {
            timers.unused(c);
        }
    }

    ChorusError unlink(String name) {
        Checkpoint c = checkpoints.byName(name);
        if (c == null) {
            return ChorusError.NOT_EXIST;
        }
        c.unlinked = true;
        if (c.refcount() == 0) {
            checkpoints.remove(c);
        }
        return ChorusError.OK;
    }

    ChorusError retentionSet(long id, long nanos) {
        Checkpoint c = checkpoints.get(id);
        if (c == null) {
            return ChorusError.NOT_EXIST;
        }
        if (c.unlinked) {
            return ChorusError.BAD_OPERATION;
        }
        c.attributes = c.attributes.withRetention(nanos);
        return ChorusError.OK;
    }

    ChorusError sectionCreate(long id, CkptSectionId sid, long expiration, long now, byte[] data) {
        Checkpoint c = checkpoints.get(id);
        if (c == null) {
            return ChorusError.NOT_EXIST;
        }
        CkptCreationAttributes a = c.attributes;
        if (a.maxSections() == 1) {
            return ChorusError.EXIST; // only the default section
        }
        if (sid.isDefault() || sid.length() > a.maxSectionIdSize() || data.length > a.maxSectionSize()) {
            return ChorusError.INVALID_PARAM;
        }
        if (c.sections.containsKey(sid)) {
            return ChorusError.EXIST;
        }
        if (c.sections.size() >= a.maxSections()) {
            return ChorusError.NO_SPACE;
        }
        Section s = new Section(sid, data.clone(), expiration, now);
        c.sections.put(sid, s);
        timers.expiration(c, s);
        return ChorusError.OK;
    }

    ChorusError sectionDelete(long id, CkptSectionId sid) {
        Checkpoint c = checkpoints.get(id);
        if (c == null) {
            return ChorusError.NOT_EXIST;
        }
        if (sid.isDefault()) {
            return ChorusError.INVALID_PARAM;
        }
        Section s = c.sections.remove(sid);
        if (s == null) {
            return ChorusError.NOT_EXIST;
        }
        s.cancelTimer();
        return ChorusError.OK;
    }

    ChorusError expirationSet(long id, CkptSectionId sid, long expiration) {
        Checkpoint c = checkpoints.get(id);
        Section s = c == null ? null : c.sections.get(sid);
        if (s == null) {
            return ChorusError.NOT_EXIST;
        }
        if (sid.isDefault()) {
            return ChorusError.INVALID_PARAM;
        }
        s.expirationTime = expiration;
        timers.expiration(c, s);
        return ChorusError.OK;
    }

    /** The ordered expiry: only if the section still has the expiration time the timer fired for. */
    void sectionExpire(long id, CkptSectionId sid, long expiration) {
        Checkpoint c = checkpoints.get(id);
        Section s = c == null ? null : c.sections.get(sid);
        if (s != null && s.expirationTime == expiration) {
            c.sections.remove(sid);
            s.cancelTimer();
        }
    }

    /** The ordered end of retention: unlink and free, unless someone opened the checkpoint meanwhile. */
    void retentionEnd(long id) {
        Checkpoint c = checkpoints.get(id);
        if (c != null && c.refcount() == 0) {
            c.unlinked = true;
            checkpoints.remove(c);
        }
    }

    record Write(CkptSectionId id, long offset, byte[] data) {
    }

    /** Every element is checked before any is written, so a failed write changes nothing. */
    ChorusError write(long id, long now, List<Write> writes) {
        Checkpoint c = checkpoints.get(id);
        if (c == null) {
            return ChorusError.NOT_EXIST;
        }
        for (Write w : writes) {
            if (!c.sections.containsKey(w.id())) {
                return ChorusError.NOT_EXIST;
            }
            if (w.offset() < 0 || w.data().length > c.attributes.maxSectionSize()
                    || w.offset() + w.data().length > c.attributes.maxSectionSize()) {
                return ChorusError.INVALID_PARAM;
            }
        }
        for (Write w : writes) {
            c.sections.get(w.id()).write(w.offset(), w.data(), now);
        }
        return ChorusError.OK;
    }

    ChorusError overwrite(long id, CkptSectionId sid, long now, byte[] data) {
        Checkpoint c = checkpoints.get(id);
        Section s = c == null ? null : c.sections.get(sid);
        if (s == null) {
            return ChorusError.NOT_EXIST;
        }
        if (data.length > c.attributes.maxSectionSize()) {
            return ChorusError.INVALID_PARAM;
        }
        s.data = data.clone();
        s.lastUpdate = now;
        return ChorusError.OK;
    }

    record Read(CkptSectionId id, long offset, int size) {
    }

    /** READ: the bytes of each element ({@code u32 n, n × bytes}), in the order of the ring. */
    Outcome read(long id, List<Read> reads) {
        Checkpoint c = checkpoints.get(id);
        if (c == null) {
            return Outcome.of(ChorusError.NOT_EXIST);
        }
        List<byte[]> out = new ArrayList<>();
        for (Read r : reads) {
            Section s = c.sections.get(r.id());
            if (s == null) {
                return Outcome.of(ChorusError.NOT_EXIST);
            }
            if (r.offset() < 0 || r.size() < 0) {
                return Outcome.of(ChorusError.INVALID_PARAM);
            }
            out.add(s.read(r.offset(), r.size()));
        }
        CkptProtocol.Out o = CkptProtocol.out().i32(out.size());
        out.forEach(o::bytes);
        return new Outcome(ChorusError.OK, o.done());
    }
}
