package io.chorus.ckpt.internal;

import io.chorus.api.ckpt.CkptProtocol;
import io.chorus.api.ckpt.CkptSectionId;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.SyncParticipant;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CKPT's sync turn (services.md §5): one sender per old partition — the lowest node of my old membership still
 * present (a fresh engine stands alone, so it sends its empty state) — multicasts, in three phases, the highest
 * checkpoint id, every checkpoint with its sections and data, then the reference counts of the nodes of its old
 * partition. Every member gathers a new list keyed by checkpoint id (name + id: two partitions' checkpoints of
 * the same name but different ids both survive); activate replaces the live list with it and restarts the
 * retention and expiry timers, abort discards it.
 */
final class CkptSync implements SyncParticipant {

    private final CkptEngine engine;
    private final ArrayDeque<ByteBuffer[]> outgoing = new ArrayDeque<>();
    private final ArrayDeque<Integer> outgoingFn = new ArrayDeque<>();
    private Map<Long, Checkpoint> gathered;
    private long gatheredGlobalId;

    CkptSync(CkptEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(int[] transitionalMembers, int[] members, long ringSeq) {
        gathered = new LinkedHashMap<>();
        gatheredGlobalId = 0;
        outgoing.clear();
        outgoingFn.clear();
        int[] old = Arrays.stream(transitionalMembers).filter(m -> Arrays.stream(members).anyMatch(x -> x == m))
                .toArray();
        int self = engine.context.localNodeId();
        boolean sender = old.length == 0 || Arrays.stream(old).min().getAsInt() == self;
        if (sender) {
            queueState(old.length == 0 ? new int[] {self} : old);
        }
    }

    private void queue(int fn, CkptProtocol.Out msg) {
        outgoingFn.add(fn);
        outgoing.add(new ByteBuffer[] {msg.done()});
    }

    /** The state as it is now; nothing changes it until activate (clients get TRY_AGAIN during sync). */
    private void queueState(int[] partition) {
        Checkpoints live = engine.replica.checkpoints;
        queue(CkptWire.SYNC_GLOBALID, CkptProtocol.out().i64(live.globalId));
        for (Checkpoint c : live.all()) {
            queue(CkptWire.SYNC_CHECKPOINT, CkptProtocol.out().string(c.name).i64(c.id).attrs(c.attributes)
                    .i32(c.unlinked ? 1 : 0));
            for (Section s : c.sections.values()) {
                queue(CkptWire.SYNC_SECTION, CkptProtocol.out().i64(c.id).id(s.id).i64(s.expirationTime)
                        .i64(s.lastUpdate).bytes(s.data));
            }
        }
        for (Checkpoint c : live.all()) {
            CkptProtocol.Out o = CkptProtocol.out().i64(c.id);
            Map<Integer, Integer> counts = new LinkedHashMap<>();
            c.refcounts.forEach((node, n) -> {
                if (Arrays.stream(partition).anyMatch(m -> m == node)) {
                    counts.put(node, n); // only nodes of my old partition: the others' partitions send theirs
                }
            });
            o.i32(counts.size());
            counts.forEach((node, n) -> o.i32(node).i32(n));
            queue(CkptWire.SYNC_REFCOUNT, o);
        }
    }

    @Override
    public boolean process() {
        while (!outgoing.isEmpty()) {
            Admission a = engine.context.multicast(outgoingFn.peek(), outgoing.peek()[0].duplicate());
            if (a == Admission.TRY_AGAIN) {
                return false; // the queue is full: the rest goes on a later token
            }
            // TOO_BIG (a section over 1 MiB) is skipped rather than stalling every service's sync
            outgoing.poll();
            outgoingFn.poll();
        }
        return true;
    }

    /** A sync message, in agreed order; ignored outside CKPT's turn. */
    void deliver(int fn, int sender, ByteBuffer b) {
        if (gathered == null) {
            return;
        }
        switch (fn) {
            case CkptWire.SYNC_GLOBALID -> gatheredGlobalId = Math.max(gatheredGlobalId, b.getLong());
            case CkptWire.SYNC_CHECKPOINT -> {
                String name = CkptProtocol.getString(b);
                long id = b.getLong();
                Checkpoint c = new Checkpoint(name, id, CkptProtocol.getAttrs(b));
                c.unlinked = b.getInt() != 0;
                c.syncSource = sender;
                gathered.putIfAbsent(id, c); // the same checkpoint from two partitions: the first copy wins
            }
            case CkptWire.SYNC_SECTION -> {
                Checkpoint c = gathered.get(b.getLong());
                CkptSectionId sid = CkptProtocol.getId(b);
                long expiration = b.getLong();
                long lastUpdate = b.getLong();
                byte[] data = CkptProtocol.getBytes(b);
                if (c != null && c.syncSource == sender) {
                    c.sections.putIfAbsent(sid, new Section(sid, data, expiration, lastUpdate));
                }
            }
            case CkptWire.SYNC_REFCOUNT -> {
                Checkpoint c = gathered.get(b.getLong());
                int n = b.getInt();
                for (int i = 0; i < n; i++) {
                    int node = b.getInt();
                    int count = b.getInt();
                    if (c != null) {
                        c.refcounts.put(node, count);
                    }
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void activate() {
        if (gathered == null) {
            return;
        }
        Checkpoints live = engine.replica.checkpoints;
        live.clear();
        gathered.values().forEach(live::add);
        live.globalId = Math.max(live.globalId, gatheredGlobalId);
        gathered = null;
        engine.restartTimers();
    }

    @Override
    public void abort() {
        gathered = null;
        outgoing.clear();
        outgoingFn.clear();
    }
}
