package io.chorus.cpg.internal;

import io.chorus.api.RingView;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgReason;
import io.chorus.api.cpg.CpgRingId;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.SyncParticipant;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPG's turn in sync (corosync-wire.md §3.2–§3.3), the same on every node:
 * <ol>
 * <li>{@link #process()}: multicast a DOWNLIST (3.1.7 nodes only log it; sent so C peers see what they would
 *     from a C node) and one JOINLIST of this node's (pid, group) pairs when it has any — C nodes drop every
 *     remote process that was not re-announced, so the JOINLIST is what keeps this node's processes alive
 *     there;</li>
 * <li>JOINLISTs delivered during the turn are gathered;</li>
 * <li>{@link #activate()}: the table becomes what the JOINLISTs announced: processes of nodes that did not
 *     come through the change leave with NODEDOWN; processes no JOINLIST announced leave with PROCDOWN
 *     (zombies, as C nodes drop them); announced processes this node did not know join with NODEUP; then every
 *     local handle gets the totem confchg.</li>
 * </ol>
 */
final class CpgSync implements SyncParticipant {

    /** Entries per JOINLIST message: keeps each well under totempg's 1 MiB. */
    private static final int JOINLIST_CHUNK = 1000;

    private enum Step { DOWNLIST, JOINLIST, DONE }

    private final CpgEngine engine;
    private int[] lastMembers = new int[0];
    private int[] transitional = new int[0];
    private int[] members = new int[0];
    private Step step = Step.DONE;
    private List<ProcessTable.Entry> toAnnounce;
    private int announced;
    /** JOINLIST entries delivered in this turn; null outside a turn. */
    private Set<ProcessTable.Entry> gathered;
    private List<ProcessTable.Entry> gatheredInOrder;

    CpgSync(CpgEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(int[] transitionalMembers, int[] newMembers, long ringSeq) {
        transitional = transitionalMembers.clone();
        Arrays.sort(transitional);
        members = newMembers.clone();
        Arrays.sort(members);
        gathered = new HashSet<>();
        gatheredInOrder = new ArrayList<>();
        step = Step.DOWNLIST;
        announced = 0;
        toAnnounce = null;
    }

    @Override
    public boolean process() {
        if (step == Step.DOWNLIST) {
            int[] left = Arrays.stream(lastMembers).filter(n -> Arrays.binarySearch(transitional, n) < 0).toArray();
            int old = lastMembers.length == 0 ? transitional.length : lastMembers.length;
            if (engine.multicast(CpgWire.DOWNLIST, CpgWire.downlist(old, left)) != Admission.ACCEPTED) {
                return false;
            }
            step = Step.JOINLIST;
        }
        if (step == Step.JOINLIST) {
            if (toAnnounce == null) {
                // Processes whose PROCDOWN is still unsent are not announced: everyone drops them as zombies.
                toAnnounce = new ArrayList<>(engine.table.ofNode(engine.localNodeId()));
                toAnnounce.removeAll(engine.pendingDown);
            }
            while (announced < toAnnounce.size()) {
                List<ProcessTable.Entry> chunk = toAnnounce.subList(announced,
                        Math.min(toAnnounce.size(), announced + JOINLIST_CHUNK));
                if (engine.multicast(CpgWire.JOINLIST, CpgWire.joinList(chunk)) != Admission.ACCEPTED) {
                    return false;
                }
                announced += chunk.size();
            }
            step = Step.DONE;
        }
        return true;
    }

    /** A JOINLIST in agreed order: gathered during a turn, otherwise stale (an aborted round's) and ignored. */
    void joinList(int sender, ByteBuffer body) throws CpgWire.MalformedException {
        if (gathered == null) {
            CpgEngine.LOG.debug("joinlist from node {} outside sync ignored", sender);
            return;
        }
        for (int off = CpgWire.JOINLIST_HEADER; off < body.remaining(); off += CpgWire.JOINLIST_ENTRY) {
            int pid = CpgWire.u32(body, off);
            CpgGroup group = CpgWire.name(body, off + 8);
            ProcessTable.Entry e = new ProcessTable.Entry(group, sender, pid);
            if (gathered.add(e)) {
                gatheredInOrder.add(e);
            }
        }
    }

    /**
     * The new table is exactly what the JOINLISTs announced, in their agreed delivery order — the same on every
     * node, so after a merge both sides list a group's members in the same order (a table merged into the old
     * one would keep each side's own order). Processes that vanish leave with NODEDOWN when their node did not
     * come through the change, PROCDOWN otherwise (a zombie: its node no longer announces it); processes that
     * appear join with NODEUP.
     */
    @Override
    public void activate() {
        int local = engine.localNodeId();
        List<ProcessTable.Entry> next = new ArrayList<>();
        for (ProcessTable.Entry e : gatheredInOrder) {
            if (Arrays.binarySearch(members, e.nodeid()) >= 0) {
                next.add(e);
            }
        }
        Set<ProcessTable.Entry> nextSet = new HashSet<>(next);
        Map<CpgGroup, List<CpgAddress>> left = new LinkedHashMap<>();
        List<ProcessTable.Entry> departed = engine.table.removeIf(e -> !nextSet.contains(e));
        // Survivors take their new order before anyone is told, so every confchg lists members as the
        // table (and membership_get) will.
        List<ProcessTable.Entry> survivors = new ArrayList<>();
        for (ProcessTable.Entry e : next) {
            if (engine.table.contains(e.group(), e.nodeid(), e.pid())) {
                survivors.add(e);
            }
        }
        engine.table.replace(survivors);
        for (ProcessTable.Entry e : departed) {
            boolean nodeDown = e.nodeid() != local && (Arrays.binarySearch(transitional, e.nodeid()) < 0
                    || Arrays.binarySearch(members, e.nodeid()) < 0);
            left.computeIfAbsent(e.group(), g -> new ArrayList<>())
                    .add(new CpgAddress(e.nodeid(), e.pid(), nodeDown ? CpgReason.NODEDOWN : CpgReason.PROCDOWN));
        }
        left.forEach((group, list) -> engine.notifyGroup(group, list, List.of()));

        Map<CpgGroup, List<CpgAddress>> joined = new LinkedHashMap<>();
        for (ProcessTable.Entry e : next) {
            if (!engine.table.contains(e.group(), e.nodeid(), e.pid())) {
                joined.computeIfAbsent(e.group(), g -> new ArrayList<>())
                        .add(new CpgAddress(e.nodeid(), e.pid(), CpgReason.NODEUP));
            }
        }
        engine.table.replace(next);
        joined.forEach((group, list) -> engine.notifyGroup(group, List.of(), list));

        lastMembers = members.clone();
        gathered = null;
        gatheredInOrder = null;
        RingView view = engine.context.currentView();
        CpgRingId ring = view == null ? new CpgRingId(local, 0) : new CpgRingId(view.ringRep(), view.ringSeq());
        engine.notifyTotem(ring, members.clone());
        engine.context.publishStatistic("groups", engine.table.groups().size());
        engine.context.publishStatistic("processes", engine.table.size());
    }

    @Override
    public void abort() {
        gathered = null;
        gatheredInOrder = null;
        step = Step.DONE;
    }
}
