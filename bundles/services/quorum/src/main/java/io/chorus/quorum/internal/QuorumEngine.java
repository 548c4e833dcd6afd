package io.chorus.quorum.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.quorum.QuorumProtocol;
import io.chorus.api.quorum.QuorumProvider;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.api.spi.SyncParticipant;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The quorum engine (service 3, as Corosync's): {@code quorum_getquorate} and track notifications for clients,
 * relaying the configured {@link QuorumProvider}. Without a provider every partition is quorate and the type is
 * FREE, as C's quorum service without {@code quorum.provider}. Its sync turn is only the barrier (as C's).
 * Event-loop only.
 */
@Component(service = ServiceEngine.class)
public final class QuorumEngine implements ServiceEngine {

    public static final EngineInfo INFO = new EngineInfo("quorum", 3, 0, Set.of("corosync_quorum"));

    private final Map<ClientSession, Integer> tracking = new LinkedHashMap<>();
    private final Runnable onChange = this::providerChanged;
    private volatile QuorumProvider provider;
    private EngineContext context;
    private boolean lastQuorate;
    private long lastSeq = -1;

    @Override
    public EngineInfo info() {
        return INFO;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setProvider(QuorumProvider p) {
        QuorumProvider old = provider;
        if (old != null) {
            old.removeListener(onChange);
        }
        provider = p;
        p.addListener(onChange);
        if (context != null) {
            context.execute(this::providerChanged);
        }
    }

    public void unsetProvider(QuorumProvider p) {
        if (provider == p) {
            p.removeListener(onChange);
            provider = null;
            if (context != null) {
                context.execute(this::providerChanged);
            }
        }
    }

    @Override
    public void start(EngineContext ctx) {
        this.context = ctx;
        lastQuorate = quorate();
    }

    @Override
    public void stop() {
        tracking.clear();
    }

    @Override
    public boolean allowInquorate() {
        return true;
    }

    @Override
    public boolean requiresFlowControl(int fn) {
        return false;
    }

    /** Nothing to transfer: the turn is only the barrier C nodes expect for service 3. */
    @Override
    public SyncParticipant sync() {
        return new SyncParticipant() {
            @Override
            public void init(int[] transitionalMembers, int[] members, long ringSeq) {
            }

            @Override
            public boolean process() {
                return true;
            }

            @Override
            public void activate() {
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void deliver(int fn, int senderNodeId, ByteBuffer body) {
        // Service 3 has no exec messages.
    }

    /** Without a provider the ring's configurations are the news (quorate stays 1). */
    @Override
    public void configurationChange(RingView view) {
        if (!view.transitional() && provider == null) {
            providerChanged();
        }
    }

    private boolean quorate() {
        QuorumProvider p = provider;
        return p == null || p.quorate();
    }

    private long ringSeq() {
        QuorumProvider p = provider;
        if (p != null) {
            return p.ringSeq();
        }
        RingView v = context == null ? null : context.currentView();
        return v == null ? 0 : v.ringSeq();
    }

    private int[] members() {
        QuorumProvider p = provider;
        if (p != null) {
            return p.members();
        }
        RingView v = context == null ? null : context.currentView();
        return v == null ? new int[0] : v.members().clone();
    }

    private void providerChanged() {
        boolean q = quorate();
        long seq = ringSeq();
        if (q == lastQuorate && seq == lastSeq) {
            return;
        }
        lastQuorate = q;
        lastSeq = seq;
        ByteBuffer cb = QuorumProtocol.notify(q, seq, members());
        for (Map.Entry<ClientSession, Integer> e : tracking.entrySet()) {
            if ((e.getValue() & (QuorumProtocol.TRACK_CHANGES | QuorumProtocol.TRACK_CHANGES_ONLY)) != 0) {
                e.getKey().dispatch(QuorumProtocol.CB_NOTIFY, cb.duplicate());
            }
        }
    }

    @Override
    public void sessionClosed(ClientSession session) {
        tracking.remove(session);
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        ByteBuffer b = LittleEndian.view(body);
        try {
            switch (fn) {
                case QuorumProtocol.GETQUORATE -> session.respond(fn,
                        ResponseStatus.ok(LittleEndian.ints(quorate() ? 1 : 0)));
                case QuorumProtocol.GETTYPE -> session.respond(fn, ResponseStatus.ok(LittleEndian.ints(
                        provider == null ? QuorumProtocol.TYPE_FREE : QuorumProtocol.TYPE_SET)));
                case QuorumProtocol.TRACKSTART -> {
                    int flags = b.getInt();
                    tracking.put(session, flags);
                    session.respond(fn, ResponseStatus.of(ChorusError.OK));
                    if ((flags & QuorumProtocol.TRACK_CURRENT) != 0) {
                        session.dispatch(QuorumProtocol.CB_NOTIFY,
                                QuorumProtocol.notify(quorate(), ringSeq(), members()));
                    }
                }
                case QuorumProtocol.TRACKSTOP -> {
                    tracking.remove(session);
                    session.respond(fn, ResponseStatus.of(ChorusError.OK));
                }
                default -> session.respond(fn, ResponseStatus.of(ChorusError.NOT_SUPPORTED));
            }
        } catch (BufferUnderflowException e) {
            session.respond(fn, ResponseStatus.of(ChorusError.INVALID_PARAM));
        }
    }
}
