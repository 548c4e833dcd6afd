package io.chorus.evs.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.evs.Evs;
import io.chorus.api.evs.EvsGroup;
import io.chorus.api.evs.EvsProtocol;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The EVS service engine (services.md §7). Groups are per-handle filters on the local node; a multicast names
 * its target groups and every node hands it, in agreed order, to each local handle that joined any of them —
 * the sender's own handle included. Node-level configuration changes go to every handle in order with the
 * messages. EVS keeps no shared state, so it takes no part in sync. Event-loop only.
 */
@Component(service = ServiceEngine.class)
public final class EvsEngine implements ServiceEngine {

    public static final EngineInfo INFO = new EngineInfo("evs", EvsWire.SERVICE_ID, 0,
            Set.of("openais_evs", "corosync_evs"));

    private static final int[] NONE = new int[0];

    private final Set<LocalHandle> handles = new LinkedHashSet<>();
    private EngineContext context;
    /** Members of the last regular configuration this engine saw. */
    private int[] lastMembers = NONE;

    @Override
    public EngineInfo info() {
        return INFO;
    }

    @Override
    public void start(EngineContext ctx) {
        context = ctx;
        RingView view = ctx.currentView();
        lastMembers = view == null || view.transitional() ? NONE : view.members().clone();
    }

    @Override
    public void stop() {
        handles.clear();
    }

    /** evs_initialize: the new handle learns the current configuration at once. */
    @Override
    public void sessionOpened(ClientSession session) {
        LocalHandle h = new LocalHandle(session);
        session.attach(h);
        handles.add(h);
        RingView view = context.currentView();
        int[] members = view == null ? NONE : view.members();
        session.dispatch(EvsProtocol.CB_CONFCHG, EvsProtocol.confchgCallback(members, NONE, NONE));
    }

    @Override
    public void sessionClosed(ClientSession session) {
        LocalHandle h = session.attachment(LocalHandle.class);
        if (h != null) {
            handles.remove(h);
        }
    }

    @Override
    public boolean requiresFlowControl(int fn) {
        return fn == EvsProtocol.MCAST_JOINED || fn == EvsProtocol.MCAST_GROUPS;
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        LocalHandle h = session.attachment(LocalHandle.class);
        if (h == null) {
            session.respond(fn, ResponseStatus.of(ChorusError.BAD_HANDLE));
            return;
        }
        ByteBuffer b = LittleEndian.view(body);
        ByteBuffer answer;
        try {
            answer = switch (fn) {
                case EvsProtocol.JOIN -> join(h, EvsProtocol.getGroups(b));
                case EvsProtocol.LEAVE -> leave(h, EvsProtocol.getGroups(b));
                case EvsProtocol.MCAST_JOINED -> {
                    b.getInt(); // guarantee: everything is agreed
                    yield mcast(List.copyOf(h.groups), b);
                }
                case EvsProtocol.MCAST_GROUPS -> {
                    b.getInt();
                    List<EvsGroup> targets = EvsProtocol.getGroups(b);
                    yield targets.size() > Evs.MAX_GROUPS_PER_CALL ? ResponseStatus.of(ChorusError.TOO_MANY_GROUPS)
                            : mcast(targets, b);
                }
                case EvsProtocol.MEMBERSHIP_GET -> membership();
                default -> ResponseStatus.of(ChorusError.NOT_SUPPORTED);
            };
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            answer = ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        session.respond(fn, answer);
    }

    private static ByteBuffer join(LocalHandle h, List<EvsGroup> groups) {
        if (groups.size() > Evs.MAX_GROUPS_PER_CALL) {
            return ResponseStatus.of(ChorusError.TOO_MANY_GROUPS);
        }
        h.groups.addAll(groups);
        return ResponseStatus.of(ChorusError.OK);
    }

    /** All or nothing: a group not joined makes the whole leave NOT_EXIST. */
    private static ByteBuffer leave(LocalHandle h, List<EvsGroup> groups) {
        if (groups.size() > Evs.MAX_GROUPS_PER_CALL) {
            return ResponseStatus.of(ChorusError.TOO_MANY_GROUPS);
        }
        if (!h.groups.containsAll(groups)) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        groups.forEach(h.groups::remove);
        return ResponseStatus.of(ChorusError.OK);
    }

    private ByteBuffer mcast(List<EvsGroup> targets, ByteBuffer payload) {
        Admission a = context.multicast(EvsWire.MCAST, EvsWire.header(targets), payload.slice());
        return ResponseStatus.of(switch (a) {
            case ACCEPTED -> ChorusError.OK;
            case TRY_AGAIN -> ChorusError.TRY_AGAIN;
            case TOO_BIG -> ChorusError.TOO_BIG;
        });
    }

    private ByteBuffer membership() {
        RingView view = context.currentView();
        return ResponseStatus.ok(EvsProtocol.membershipAnswer(context.localNodeId(),
                view == null ? NONE : view.members()));
    }

    // ------------------------------------------------------------------ the ring's side

    @Override
    public void deliver(int fn, int senderNodeId, ByteBuffer body) {
        if (fn != EvsWire.MCAST || handles.isEmpty()) {
            return;  // no local handle: nothing to decode
        }
        ByteBuffer b = LittleEndian.view(body);
        List<EvsGroup> targets;
        try {
            targets = EvsProtocol.getGroups(b);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return; // malformed: a node speaking something else; nothing to deliver
        }
        ByteBuffer head = null;
        for (LocalHandle h : handles) {
            if (h.joinedAny(targets)) {
                if (head == null) {
                    head = EvsProtocol.deliverHeader(senderNodeId);
                }
                // Header and message go straight into each client's output: no combined copy first.
                h.session.dispatch(EvsProtocol.CB_DELIVER, head, b);
            }
        }
    }

    /**
     * Only regular configurations reach clients (services react to the regular one, services.md §1.3), with left
     * and joined counted against the previous regular configuration: totem reports departures in the
     * transitional view and arrivals in the regular one, and a client wants both in one callback.
     */
    @Override
    public void configurationChange(RingView view) {
        if (view.transitional()) {
            return;
        }
        int[] left = minus(lastMembers, view.members());
        int[] joined = minus(view.members(), lastMembers);
        lastMembers = view.members().clone();
        ByteBuffer callback = EvsProtocol.confchgCallback(view.members(), left, joined);
        for (LocalHandle h : handles) {
            h.session.dispatch(EvsProtocol.CB_CONFCHG, callback.duplicate());
        }
    }

    private static int[] minus(int[] a, int[] b) {
        return java.util.Arrays.stream(a).filter(x -> java.util.Arrays.stream(b).noneMatch(y -> y == x)).toArray();
    }
}
