package io.chorus.cpg.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgIterationType;
import io.chorus.api.cpg.CpgProtocol;
import io.chorus.api.cpg.CpgReason;
import io.chorus.api.cpg.CpgRingId;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.api.spi.SyncParticipant;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPG service engine (service id 2, as Corosync's): library requests of local clients, the exec messages
 * of every node (wire-compatible with Corosync 3.1.7, see {@link CpgWire}), confchg and delivery callbacks to
 * local clients, and cleanup after clients that go away. The group table changes only in agreed order, so
 * every node's table and every member's view of a group agree; sync ({@link CpgSync}) repairs it after
 * membership changes. Event-loop only.
 */
@Component(service = ServiceEngine.class)
public final class CpgEngine implements ServiceEngine {

    static final Logger LOG = LoggerFactory.getLogger("io.chorus.cpg");

    public static final EngineInfo INFO = new EngineInfo("cpg", CpgWire.SERVICE_ID, 0, Set.of("corosync_cpg"));

    final ProcessTable table = new ProcessTable();
    final Set<LocalClient> clients = new LinkedHashSet<>();
    /** Local processes that left whose PROCLEAVE(PROCDOWN) is not delivered yet (it may wait for sync or room). */
    final Set<ProcessTable.Entry> pendingDown = new LinkedHashSet<>();
    EngineContext context;
    private CpgSync sync;
    /** The group of the last delivered MCAST: the next is usually to the same group (no name copied then). */
    private CpgGroup lastDelivered;
    /** Set when a client's multicast was refused, cleared by the next accepted one: flow control "on". */
    private boolean backedUp;
    private long droppedFromUnknownNode;

    @Override
    public EngineInfo info() {
        return INFO;
    }

    @Override
    public void start(EngineContext ctx) {
        this.context = ctx;
        this.sync = new CpgSync(this);
    }

    @Override
    public void stop() {
        clients.clear();
        pendingDown.clear();
    }

    @Override
    public SyncParticipant sync() {
        return sync;
    }

    int localNodeId() {
        return context.localNodeId();
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public void sessionOpened(ClientSession session) {
        LocalClient c = new LocalClient(session);
        session.attach(c);
        clients.add(c);
    }

    /** Corosync's lib_exit: a handle that was in a group leaves it with reason PROCDOWN. */
    @Override
    public void sessionClosed(ClientSession session) {
        LocalClient c = session.attachment(LocalClient.class);
        if (c == null || !clients.remove(c)) {
            return;
        }
        if (c.joinedOrJoining()) {
            // Until our PROCDOWN is delivered (it may wait for the ring: multicastWhenAdmitted keeps it in order), a
            // sync does not announce the process (everyone drops it as a zombie) and the same process cannot rejoin.
            pendingDown.add(new ProcessTable.Entry(c.group, localNodeId(), c.pid));
            context.multicastWhenAdmitted(CpgWire.PROCLEAVE,
                    CpgWire.joinLeave(c.group, c.pid, CpgReason.PROCDOWN.code()));
        }
    }

    // ------------------------------------------------------------------ library requests

    /** Corosync's cpg sets allow_inquorate: groups keep working in a partition without quorum. */
    @Override
    public boolean allowInquorate() {
        return true;
    }

    @Override
    public boolean requiresFlowControl(int fn) {
        return fn == CpgProtocol.JOIN || fn == CpgProtocol.LEAVE || fn == CpgProtocol.MCAST
                || fn == CpgProtocol.PARTIAL_MCAST;
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        LocalClient c = session.attachment(LocalClient.class);
        if (c == null) {
            session.respond(fn, ResponseStatus.of(ChorusError.BAD_HANDLE));
            return;
        }
        ByteBuffer b = LittleEndian.view(body);
        ByteBuffer answer;
        try {
            answer = switch (fn) {
                case CpgProtocol.JOIN -> join(c, CpgProtocol.getName(b));
                case CpgProtocol.LEAVE -> leave(c, CpgProtocol.getName(b));
                case CpgProtocol.MCAST -> mcast(c, b);
                case CpgProtocol.PARTIAL_MCAST -> partialMcast(c, b);
                case CpgProtocol.MEMBERSHIP_GET -> membershipGet(CpgProtocol.getName(b));
                case CpgProtocol.LOCAL_GET -> ok(LittleEndian.ints(localNodeId()));
                case CpgProtocol.ITERATION -> iteration(b);
                case CpgProtocol.FLOW_CONTROL_GET ->
                        ok(LittleEndian.ints(backedUp || context.syncInProgress() ? 1 : 0));
                default -> ResponseStatus.of(ChorusError.NOT_SUPPORTED);
            };
        } catch (IllegalArgumentException | BufferUnderflowException | IndexOutOfBoundsException e) {
            answer = ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        session.respond(fn, answer);
    }

    private ByteBuffer join(LocalClient c, CpgGroup group) {
        if (group == null) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        if (c.state == LocalClient.State.LEAVE_STARTED) {
            return ResponseStatus.of(ChorusError.BUSY);
        }
        if (c.state != LocalClient.State.UNJOINED) {
            return ResponseStatus.of(ChorusError.EXIST);
        }
        // The same process closed a handle in this group and its PROCDOWN has not been delivered yet: joining now
        // would let that late PROCDOWN remove the new member everywhere (sync may already have dropped the old one).
        if (pendingDown.contains(new ProcessTable.Entry(group, localNodeId(), c.pid))) {
            return ResponseStatus.of(ChorusError.TRY_AGAIN);
        }
        // Two handles of one process in one group would be one (nodeid, pid) member: Corosync says EXIST.
        if (table.contains(group, localNodeId(), c.pid) || clients.stream().anyMatch(o -> o != c
                && o.pid == c.pid && group.equals(o.group) && o.state != LocalClient.State.UNJOINED)) {
            return ResponseStatus.of(ChorusError.EXIST);
        }
        Admission a = multicast(CpgWire.PROCJOIN, CpgWire.joinLeave(group, c.pid, CpgReason.JOIN.code()));
        if (a == Admission.ACCEPTED) {
            c.group = group;
            c.state = LocalClient.State.JOIN_STARTED;
        }
        return ResponseStatus.of(a);
    }

    private ByteBuffer leave(LocalClient c, CpgGroup group) {
        if (group == null || c.state == LocalClient.State.UNJOINED || !group.equals(c.group)) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        if (c.state != LocalClient.State.JOIN_COMPLETED) {
            return ResponseStatus.of(ChorusError.BUSY);
        }
        Admission a = multicast(CpgWire.PROCLEAVE, CpgWire.joinLeave(group, c.pid, CpgReason.LEAVE.code()));
        if (a == Admission.ACCEPTED) {
            c.state = LocalClient.State.LEAVE_STARTED;
        }
        return ResponseStatus.of(a);
    }

    private ByteBuffer mcast(LocalClient c, ByteBuffer b) {
        if (!c.joinedOrJoining()) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        b.getInt(); // guarantee: everything is agreed
        int length = b.getInt();
        if (length != b.remaining()) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        Admission a = multicast(CpgWire.MCAST, CpgWire.mcastHeader(c.group, length, c.pid, localNodeId()), b);
        noteFlow(a);
        return ResponseStatus.of(a);
    }

    private ByteBuffer partialMcast(LocalClient c, ByteBuffer b) {
        if (!c.joinedOrJoining()) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        b.getInt();
        int type = b.getInt();
        int total = b.getInt();
        if (type < CpgProtocol.PARTIAL_FIRST || type > CpgProtocol.PARTIAL_LAST || total < b.remaining()) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        Admission a = multicast(CpgWire.PARTIAL_MCAST,
                CpgWire.partialHeader(c.group, total, b.remaining(), c.pid, type, localNodeId()), b);
        noteFlow(a);
        return ResponseStatus.of(a);
    }

    private ByteBuffer membershipGet(CpgGroup group) {
        if (group == null) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        List<CpgAddress> members = table.members(group);
        if (members.size() > CpgProtocol.MEMBERS_MAX) {
            members = members.subList(0, CpgProtocol.MEMBERS_MAX);
        }
        ByteBuffer b = LittleEndian.allocate(4 + 12 * members.size());
        CpgProtocol.putAddresses(b, members);
        return ok(b.flip());
    }

    private ByteBuffer iteration(ByteBuffer b) {
        CpgIterationType type = CpgIterationType.of(b.getInt());
        CpgGroup group = CpgProtocol.getName(b);
        if (type == null || (type == CpgIterationType.ONE_GROUP && group == null)) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        List<ProcessTable.Entry> items = new ArrayList<>();
        if (type == CpgIterationType.NAME_ONLY) {
            table.groups().forEach(g -> items.add(new ProcessTable.Entry(g, 0, 0)));
        } else {
            for (ProcessTable.Entry e : table.all()) {
                if (type == CpgIterationType.ALL || e.group().equals(group)) {
                    items.add(e);
                }
            }
        }
        int size = 4;
        for (ProcessTable.Entry e : items) {
            size += CpgProtocol.nameSize(e.group()) + 8;
        }
        ByteBuffer out = LittleEndian.allocate(size).putInt(items.size());
        for (ProcessTable.Entry e : items) {
            CpgProtocol.putName(out, e.group());
            out.putInt(e.nodeid()).putInt(e.pid());
        }
        return ok(out.flip());
    }

    private void noteFlow(Admission a) {
        backedUp = a == Admission.TRY_AGAIN;
    }

    Admission multicast(int fn, ByteBuffer... body) {
        return context.multicast(fn, body);
    }

    private static ByteBuffer ok(ByteBuffer payload) {
        return ResponseStatus.ok(payload);
    }


    // ------------------------------------------------------------------ exec messages (every node, agreed order)

    @Override
    public void deliver(int fn, int sender, ByteBuffer body) {
        try {
            switch (fn) {
                case CpgWire.PROCJOIN -> procJoin(sender, body);
                case CpgWire.PROCLEAVE -> procLeave(sender, body);
                case CpgWire.JOINLIST -> sync.joinList(sender, body);
                case CpgWire.MCAST -> mcastDelivered(sender, body);
                case CpgWire.PARTIAL_MCAST -> partialDelivered(sender, body);
                case CpgWire.DOWNLIST -> LOG.debug("downlist from node {}: left_nodes {}", sender,
                        CpgWire.u32(body, 8));
                case CpgWire.DOWNLIST_OLD -> {
                    // Corosync 1.x's downlist: ignored, as 3.x does.
                }
                default -> LOG.warn("Unknown CPG exec message fn {} from node {} dropped", fn, sender);
            }
        } catch (CpgWire.MalformedException e) {
            LOG.warn("Malformed CPG exec message fn {} from node {} dropped: {}", fn, sender, e.getMessage());
        }
    }

    private void procJoin(int sender, ByteBuffer body) throws CpgWire.MalformedException {
        CpgGroup group = CpgWire.name(body, 0);
        int pid = CpgWire.u32(body, 136);
        ProcessTable.Entry e = new ProcessTable.Entry(group, sender, pid);
        if (!table.add(e)) {
            LOG.debug("procjoin of {}/{} for group {}: already a member", sender, pid, group);
            return;
        }
        if (sender == localNodeId()) {
            for (LocalClient c : clients) {
                if (c.pid == pid && group.equals(c.group) && c.state == LocalClient.State.JOIN_STARTED) {
                    c.state = LocalClient.State.JOIN_COMPLETED;
                }
            }
        }
        notifyGroup(group, List.of(), List.of(new CpgAddress(sender, pid, CpgReason.JOIN)));
    }

    private void procLeave(int sender, ByteBuffer body) throws CpgWire.MalformedException {
        CpgGroup group = CpgWire.name(body, 0);
        int pid = CpgWire.u32(body, 136);
        CpgReason reason = CpgReason.of(CpgWire.u32(body, 144));
        if (reason != CpgReason.PROCDOWN) {
            reason = CpgReason.LEAVE;
        }
        ProcessTable.Entry e = new ProcessTable.Entry(group, sender, pid);
        if (sender == localNodeId()) {
            pendingDown.remove(e);
        }
        if (!table.remove(e)) {
            return;
        }
        notifyGroup(group, List.of(new CpgAddress(sender, pid, reason)), List.of());
    }

    /**
     * A confchg for {@code group} to the local handles in it. A local handle named in {@code left} gets it
     * too, and is out of the group afterwards.
     */
    void notifyGroup(CpgGroup group, List<CpgAddress> left, List<CpgAddress> joined) {
        ByteBuffer cb = CpgProtocol.confchgCallback(group, table.members(group), left, joined);
        for (LocalClient c : clients) {
            if (!c.receives(group)) {
                continue;
            }
            c.session.dispatch(CpgProtocol.CB_CONFCHG, cb.duplicate());
            for (CpgAddress a : left) {
                if (a.nodeid() == localNodeId() && a.pid() == c.pid) {
                    c.state = LocalClient.State.UNJOINED;
                    c.group = null;
                }
            }
        }
    }

    /** The ring after sync, to every local handle (model v1's totem confchg). */
    void notifyTotem(CpgRingId ring, int[] members) {
        ByteBuffer cb = CpgProtocol.totemConfchgCallback(ring, members);
        for (LocalClient c : clients) {
            c.session.dispatch(CpgProtocol.CB_TOTEM_CONFCHG, cb.duplicate());
        }
    }

    private void mcastDelivered(int sender, ByteBuffer body) throws CpgWire.MalformedException {
        CpgGroup group = CpgWire.name(body, 0, lastDelivered);
        lastDelivered = group;
        int msglen = CpgWire.u32(body, 136);
        int pid = CpgWire.u32(body, 144);
        ByteBuffer data = CpgWire.data(body, CpgWire.MCAST_HEADER, msglen);
        if (!table.nodeHasProcess(group, sender)) {
            unknownSender(sender, group);
            return;
        }
        ByteBuffer head = null;
        for (LocalClient c : clients) {
            if (c.receives(group)) {
                if (head == null) {
                    head = CpgProtocol.deliverHeader(group, sender, pid, msglen);
                }
                // Header and message go straight into each client's output: no combined copy first.
                c.session.dispatch(CpgProtocol.CB_DELIVER, head, data);
            }
        }
    }

    private void partialDelivered(int sender, ByteBuffer body) throws CpgWire.MalformedException {
        CpgGroup group = CpgWire.name(body, 0);
        int total = CpgWire.u32(body, 136);
        int fraglen = CpgWire.u32(body, 144);
        int pid = CpgWire.u32(body, 152);
        int type = CpgWire.u32(body, 160);
        ByteBuffer data = CpgWire.data(body, CpgWire.PARTIAL_HEADER, fraglen);
        if (!table.nodeHasProcess(group, sender)) {
            unknownSender(sender, group);
            return;
        }
        ByteBuffer head = null;
        for (LocalClient c : clients) {
            if (c.receives(group)) {
                if (head == null) {
                    head = CpgProtocol.partialDeliverHeader(group, sender, pid, total, type);
                }
                c.session.dispatch(CpgProtocol.CB_PARTIAL_DELIVER, head, data);
            }
        }
    }

    private void unknownSender(int sender, CpgGroup group) {
        droppedFromUnknownNode++;
        context.publishStatistic("mcast_unknown_node", droppedFromUnknownNode);
        LOG.debug("Unknown node {} -> we will not deliver message to group {}", sender, group);
    }

    /** Groups and their members, for statistics and the shell. */
    Map<CpgGroup, List<CpgAddress>> snapshot() {
        Map<CpgGroup, List<CpgAddress>> out = new LinkedHashMap<>();
        for (CpgGroup g : table.groups()) {
            out.put(g, table.members(g));
        }
        return out;
    }
}
