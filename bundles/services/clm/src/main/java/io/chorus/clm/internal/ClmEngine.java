package io.chorus.clm.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.clm.Clm;
import io.chorus.api.clm.ClmClusterChange;
import io.chorus.api.clm.ClmNode;
import io.chorus.api.clm.ClmNotification;
import io.chorus.api.clm.ClmNotificationBuffer;
import io.chorus.api.clm.ClmProtocol;
import io.chorus.api.clm.ClmTrackFlags;
import io.chorus.api.clm.ClmVersion;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;

/**
 * The CLM service engine (services.md §3). Every node keeps the whole node table; it changes only in the order
 * of the ring: a regular configuration removes the nodes that are gone (trackers get LEFT), and the sync that
 * follows has every node announce itself (NODEJOIN) — nodes learnt that way are added when the sync activates
 * (trackers get JOINED). So every node's table, view number (ring seq / 4) and notifications agree. Event-loop
 * only.
 */
@Component(service = ServiceEngine.class)
public final class ClmEngine implements ServiceEngine {

    public static final EngineInfo INFO = new EngineInfo("clm", ClmWire.SERVICE_ID, 0, Set.of("openais_clm"));

    private final Map<Integer, ClmNode> table = new TreeMap<>(Integer::compareUnsigned);
    private final Set<Tracker> handles = new LinkedHashSet<>();
    private final ClmSync sync = new ClmSync(this);
    EngineContext context;
    /** This node as it announces itself; its initial view is fixed at its first sync. */
    ClmNode self;
    private long viewNumber;

    @Override
    public EngineInfo info() {
        return INFO;
    }

    @Override
    public void start(EngineContext ctx) {
        context = ctx;
        NodeIdentity id = NodeIdentity.of(ctx.localNodeId(), ctx.stanza());
        long bootNanos = System.currentTimeMillis() * 1_000_000L;
        self = new ClmNode(ctx.localNodeId(), id.address(), id.name(), true, bootNanos, -1);
        RingView view = ctx.currentView();
        viewNumber = view == null ? 0 : view.ringSeq() / 4;
    }

    @Override
    public void stop() {
        handles.clear();
        table.clear();
    }

    @Override
    public SyncParticipant sync() {
        return sync;
    }

    long viewNumber() {
        return viewNumber;
    }

    // ------------------------------------------------------------------ sessions and requests

    @Override
    public void sessionOpened(ClientSession session) {
        Tracker t = new Tracker(session);
        session.attach(t);
        handles.add(t);
    }

    @Override
    public void sessionClosed(ClientSession session) {
        Tracker t = session.attachment(Tracker.class);
        if (t != null) {
            handles.remove(t);
        }
    }

    /** Nothing CLM's clients ask multicasts: the table is replicated by the engine itself. */
    @Override
    public boolean requiresFlowControl(int fn) {
        return false;
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        Tracker t = session.attachment(Tracker.class);
        ByteBuffer b = LittleEndian.view(body);
        ByteBuffer answer;
        try {
            if (t == null || (!t.initialized && fn != ClmProtocol.INITIALIZE)) {
                answer = ResponseStatus.of(ChorusError.BAD_HANDLE);
            } else {
                answer = switch (fn) {
                    case ClmProtocol.INITIALIZE -> initialize(t, b);
                    case ClmProtocol.TRACK -> track(t, b.getInt(), b.getInt() != 0);
                    case ClmProtocol.TRACK_STOP -> trackStop(t);
                    case ClmProtocol.NODE_GET -> nodeGet(b.getInt(), b.getLong());
                    case ClmProtocol.NODE_GET_ASYNC -> nodeGetAsync(t, b.getLong(), b.getInt());
                    default -> ResponseStatus.of(ChorusError.NOT_SUPPORTED);
                };
            }
        } catch (BufferUnderflowException e) {
            answer = ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        session.respond(fn, answer);
        if (fn == ClmProtocol.TRACK && t != null && t.pendingCurrent != null) {
            // CURRENT without a buffer: the snapshot follows the answer as a track callback
            t.session.dispatch(ClmProtocol.CB_TRACK, t.pendingCurrent);
            t.pendingCurrent = null;
        }
    }

    private static ByteBuffer initialize(Tracker t, ByteBuffer b) {
        ClmVersion asked = new ClmVersion((char) b.getInt(), b.getInt(), b.getInt());
        if (!asked.supported()) {
            return ResponseStatus.of(ChorusError.VERSION);
        }
        t.initialized = true;
        return ResponseStatus.ok(LittleEndian.ints(ClmVersion.B_01_01.releaseCode(),
                ClmVersion.B_01_01.majorVersion(), ClmVersion.B_01_01.minorVersion()));
    }

    private ByteBuffer track(Tracker t, int flags, boolean inAnswer) {
        int known = ClmTrackFlags.CURRENT | ClmTrackFlags.CHANGES | ClmTrackFlags.CHANGES_ONLY;
        boolean bothChanges = (flags & ClmTrackFlags.CHANGES) != 0 && (flags & ClmTrackFlags.CHANGES_ONLY) != 0;
        if (flags == 0 || (flags & ~known) != 0 || bothChanges) {
            return ResponseStatus.of(ChorusError.BAD_FLAGS);
        }
        int changes = flags & (ClmTrackFlags.CHANGES | ClmTrackFlags.CHANGES_ONLY);
        if (changes != 0) {
            t.trackFlags = changes;
        }
        if ((flags & ClmTrackFlags.CURRENT) == 0) {
            return ResponseStatus.of(ChorusError.OK);
        }
        ClmNotificationBuffer current = new ClmNotificationBuffer(viewNumber, items(List.of()));
        if (inAnswer) {
            return ResponseStatus.ok(ClmProtocol.buffer(current));
        }
        t.pendingCurrent = ClmProtocol.trackCallback(ChorusError.OK.code(), table.size(), current);
        return ResponseStatus.of(ChorusError.OK);
    }

    private static ByteBuffer trackStop(Tracker t) {
        if (t.trackFlags == 0) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        t.trackFlags = 0;
        return ResponseStatus.of(ChorusError.OK);
    }

    /** A node as this node knows it; the local node even before its first sync completes. */
    private ClmNode lookup(int nodeId) {
        if (nodeId == Clm.LOCAL_NODE_ID || nodeId == self.nodeId()) {
            ClmNode known = table.get(self.nodeId());
            return known != null ? known : self.withMember(false);
        }
        return table.get(nodeId);
    }

    private ByteBuffer nodeGet(int nodeId, long timeout) {
        if (timeout == 0) {
            return ResponseStatus.of(ChorusError.TIMEOUT);
        }
        ClmNode n = lookup(nodeId);
        return n == null ? ResponseStatus.of(ChorusError.NOT_EXIST) : ResponseStatus.ok(ClmProtocol.node(n));
    }

    /** As OpenAIS (and testclm's expected output): an unknown node is INVALID_PARAM in the callback. */
    private ByteBuffer nodeGetAsync(Tracker t, long invocation, int nodeId) {
        ClmNode n = lookup(nodeId);
        t.pendingNodeGet.add(ClmProtocol.nodeGetCallback(invocation,
                (n == null ? ChorusError.INVALID_PARAM : ChorusError.OK).code(), n));
        context.execute(() -> {
            ByteBuffer cb = t.pendingNodeGet.poll();
            if (cb != null && t.session.isOpen()) {
                t.session.dispatch(ClmProtocol.CB_NODE_GET, cb);
            }
        });
        return ResponseStatus.of(ChorusError.OK);
    }

    // ------------------------------------------------------------------ the ring's side

    /** Regular configurations only: the nodes not in it are gone, in this view. */
    @Override
    public void configurationChange(RingView view) {
        if (view.transitional()) {
            return;
        }
        viewNumber = view.ringSeq() / 4;
        List<ClmNotification> left = new ArrayList<>();
        for (int id : List.copyOf(table.keySet())) {
            if (!view.contains(id)) {
                left.add(new ClmNotification(table.remove(id).withMember(false), ClmClusterChange.LEFT));
            }
        }
        if (!left.isEmpty()) {
            notifyTrackers(left);
        }
    }

    @Override
    public void deliver(int fn, int senderNodeId, ByteBuffer body) {
        if (fn != ClmWire.NODEJOIN) {
            return;
        }
        ClmNode announced;
        try {
            announced = ClmProtocol.getNode(LittleEndian.view(body));
        } catch (RuntimeException e) {
            return; // malformed: not a Chorus CLM
        }
        if (announced.nodeId() != senderNodeId) {
            return; // a node announces only itself
        }
        if (!sync.gather(announced)) {
            apply(List.of(announced)); // outside a sync round (an engine loaded late): apply at once
        }
    }

    /** The announcements of a completed sync, in agreed order: new nodes join, restarted ones reconfigure. */
    void apply(List<ClmNode> announced) {
        List<ClmNotification> changes = new ArrayList<>();
        for (ClmNode n : announced) {
            RingView view = context.currentView();
            if (view != null && !view.contains(n.nodeId())) {
                continue; // announced in a ring it has since left
            }
            ClmNode node = n.withMember(true);
            ClmNode old = table.get(n.nodeId());
            if (old == null) {
                changes.add(new ClmNotification(node, ClmClusterChange.JOINED));
            } else if (!old.equals(node)) {
                changes.add(new ClmNotification(node, ClmClusterChange.RECONFIGURED));
                table.put(n.nodeId(), node);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        // by node id: the agreed order is the same everywhere, but a sorted list reads better
        changes.sort((x, y) -> Integer.compareUnsigned(x.clusterNode().nodeId(), y.clusterNode().nodeId()));
        // TRACK_CHANGES lists the members before the change as NO_CHANGE, then the changes: joiners go in last.
        for (ClmNotification c : changes) {
            table.put(c.clusterNode().nodeId(), c.clusterNode());
        }
        notifyTrackers(changes);
    }

    /** The full list for TRACK_CHANGES: every member not in {@code changes} as NO_CHANGE, then {@code changes}. */
    private List<ClmNotification> items(List<ClmNotification> changes) {
        Set<Integer> changed = new java.util.HashSet<>();
        changes.forEach(c -> changed.add(c.clusterNode().nodeId()));
        List<ClmNotification> out = new ArrayList<>();
        for (ClmNode n : table.values()) {
            if (!changed.contains(n.nodeId())) {
                out.add(new ClmNotification(n, ClmClusterChange.NO_CHANGE));
            }
        }
        out.addAll(changes);
        return out;
    }

    private void notifyTrackers(List<ClmNotification> changes) {
        ByteBuffer full = null;
        ByteBuffer only = null;
        for (Tracker t : handles) {
            if (t.trackFlags == ClmTrackFlags.CHANGES) {
                if (full == null) {
                    full = ClmProtocol.trackCallback(ChorusError.OK.code(), table.size(),
                            new ClmNotificationBuffer(viewNumber, items(changes)));
                }
                t.session.dispatch(ClmProtocol.CB_TRACK, full.duplicate());
            } else if (t.trackFlags == ClmTrackFlags.CHANGES_ONLY) {
                if (only == null) {
                    only = ClmProtocol.trackCallback(ChorusError.OK.code(), table.size(),
                            new ClmNotificationBuffer(viewNumber, changes));
                }
                t.session.dispatch(ClmProtocol.CB_TRACK, only.duplicate());
            }
        }
    }
}
