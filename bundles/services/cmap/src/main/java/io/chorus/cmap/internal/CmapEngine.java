package io.chorus.cmap.internal;

import io.chorus.api.ChorusError;
import io.chorus.api.RingView;
import io.chorus.api.cmap.CmapProtocol;
import io.chorus.api.cmap.CmapType;
import io.chorus.api.cmap.CmapValue;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cmap engine (service 0, as Corosync's): the configuration keys, {@code runtime.members.*} kept from the
 * configurations and the sync's config versions, the executive's counters ({@code runtime.services.*}, shown live,
 * read-only) and what clients set. A set or delete outside {@code runtime.*} is an ordered exec message applied on
 * every node; {@code runtime.*} keys change locally. Sync sends only {@code totem.config_version} (NOT_EXIST when
 * 0), never an invented value: a C node with a non-zero version exits on seeing a higher one. Event-loop only.
 */
public final class CmapEngine implements ServiceEngine {

    static final Logger LOG = LoggerFactory.getLogger("io.chorus.cmap");

    public static final EngineInfo INFO = new EngineInfo("cmap", 0, 0, Set.of("corosync_cmap"));

    private final CmapSettings settings;
    private final Supplier<Map<String, Long>> statistics;
    private final CmapStore store = new CmapStore();
    private EngineContext context;
    private int[] members = new int[0];

    CmapEngine(CmapSettings settings, Supplier<Map<String, Long>> statistics) {
        this.settings = settings;
        this.statistics = statistics;
    }

    /** The engine for {@code config}, as its DS component makes it (also for a node run without OSGi). */
    public static CmapEngine of(io.chorus.config.ChorusConfig config, Supplier<Map<String, Long>> statistics) {
        return new CmapEngine(CmapSettings.from(config), statistics);
    }

    @Override
    public EngineInfo info() {
        return INFO;
    }

    @Override
    public void start(EngineContext ctx) {
        this.context = ctx;
        settings.config().forEach(store::put);
        store.put("runtime.config.totem.config_version", CmapValue.uint64(settings.configVersion()));
        store.put("runtime.votequorum.this_node_id", CmapValue.uint32(ctx.localNodeId()));
        // Loaded on a running ring (a feature installed, a bundle restarted): take the members as they are now,
        // or runtime.members stays empty until the next configuration change.
        RingView now = ctx.currentView();
        if (now != null && !now.transitional()) {
            configurationChange(now);
        }
    }

    @Override
    public void stop() {
    }

    @Override
    public boolean allowInquorate() {
        return true;
    }

    // ------------------------------------------------------------------ ring

    @Override
    public void configurationChange(RingView view) {
        if (view.transitional()) {
            return;
        }
        for (int old : members) {
            if (!view.contains(old)) {
                store.put(member(old, "status"), CmapValue.string("left"));
            }
        }
        for (int m : view.members()) {
            boolean wasMember = contains(members, m);
            if (!wasMember) {
                CmapValue count = store.get(member(m, "join_count"));
                store.put(member(m, "join_count"), CmapValue.uint32(count == null ? 1 : count.asLong() + 1));
                store.put(member(m, "status"), CmapValue.string("joined"));
                String ip = settings.memberIps().get(m);
                if (ip != null) {
                    store.put(member(m, "ip"), CmapValue.string(ip));
                }
            }
        }
        members = view.members().clone();
    }

    private static String member(int nodeId, String key) {
        return "runtime.members." + Integer.toUnsignedString(nodeId) + "." + key;
    }

    @Override
    public SyncParticipant sync() {
        return new SyncParticipant() {
            private boolean sent;

            @Override
            public void init(int[] transitionalMembers, int[] newMembers, long ringSeq) {
                sent = false;
            }

            @Override
            public boolean process() {
                if (!sent) {
                    sent = context.multicast(CmapWire.MCAST, CmapWire.mcast(CmapWire.REASON_SYNC,
                            List.of(CmapWire.configVersion(settings.configVersion())))) == Admission.ACCEPTED;
                }
                return sent;
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
        try {
            switch (fn) {
                case CmapWire.MCAST -> mcast(senderNodeId, body);
                case CmapWire.SET -> {
                    ByteBuffer b = LittleEndian.view(body);
                    String key = CmapProtocol.getKey(b);
                    CmapValue v = CmapProtocol.getValue(b);
                    if (v != null) {
                        store.put(key, v);
                    }
                }
                case CmapWire.DELETE -> store.delete(CmapProtocol.getKey(LittleEndian.view(body)));
                default -> LOG.debug("cmap: unknown exec fn {} from node {}", fn, senderNodeId);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            LOG.warn("Malformed cmap message fn {} from node {}: {}", fn, senderNodeId, e.getMessage());
        }
    }

    /** Records each member's announced config version; C would exit on a mismatch, Chorus logs it. */
    private void mcast(int sender, ByteBuffer body) {
        for (CmapWire.Item item : CmapWire.items(body)) {
            if (!item.key().equals("totem.config_version")) {
                continue;
            }
            String key = member(sender, "config_version");
            if (item.type() == CmapType.NOT_EXIST) {
                store.put(key, CmapValue.uint64(0));
                continue;
            }
            long theirs = new CmapValue(item.type(), item.value()).asLong();
            store.put(key, CmapValue.uint64(theirs));
            if (settings.configVersion() != 0 && theirs != settings.configVersion()) {
                LOG.error("Received config version ({}) is different than my config version ({})! "
                        + "Corosync would exit here; Chorus keeps running", theirs, settings.configVersion());
            }
        }
    }

    // ------------------------------------------------------------------ clients

    /** A session's tracks: notifications go back to it. */
    private static final class Client implements CmapStore.Listener {
        final ClientSession session;

        Client(ClientSession session) {
            this.session = session;
        }

        @Override
        public void changed(CmapStore.Track t, int event, String key, CmapValue nv, CmapValue ov) {
            ByteBuffer b = LittleEndian.allocate(12 + CmapProtocol.keySize(key) + CmapProtocol.valueSize(nv)
                    + CmapProtocol.valueSize(ov));
            b.putLong(t.handle()).putInt(event);
            CmapProtocol.putKey(b, key);
            CmapProtocol.putValue(b, nv);
            CmapProtocol.putValue(b, ov);
            session.dispatch(CmapProtocol.CB_NOTIFY, b.flip());
        }
    }

    @Override
    public void sessionOpened(ClientSession session) {
        session.attach(new Client(session));
    }

    @Override
    public void sessionClosed(ClientSession session) {
        Client c = session.attachment(Client.class);
        if (c != null) {
            store.untrackAll(c);
        }
    }

    @Override
    public boolean requiresFlowControl(int fn) {
        return fn == CmapProtocol.SET || fn == CmapProtocol.DELETE;
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        ByteBuffer b = LittleEndian.view(body);
        Client c = session.attachment(Client.class);
        ByteBuffer answer;
        try {
            answer = switch (fn) {
                case CmapProtocol.GET -> get(CmapProtocol.getKey(b));
                case CmapProtocol.SET -> set(CmapProtocol.getKey(b), CmapProtocol.getValue(b));
                case CmapProtocol.DELETE -> delete(CmapProtocol.getKey(b));
                case CmapProtocol.ITER -> iterate(CmapProtocol.getKey(b));
                case CmapProtocol.TRACK_ADD -> {
                    String key = CmapProtocol.getKey(b);
                    CmapStore.Track t = store.track(key, b.getInt(), c);
                    yield ResponseStatus.ok(LittleEndian.allocate(8).putLong(t.handle()).flip());
                }
                case CmapProtocol.TRACK_DELETE -> ResponseStatus.of(store.untrack(b.getLong(), c) ? ChorusError.OK
                        : ChorusError.NOT_EXIST);
                default -> ResponseStatus.of(ChorusError.NOT_SUPPORTED);
            };
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            answer = ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        session.respond(fn, answer);
    }

    /** The stored keys plus the live counters (and their runtime.votequorum.* aliases), for one prefix. */
    private SortedMap<String, CmapValue> view(String prefix) {
        SortedMap<String, CmapValue> out = new TreeMap<>(store.prefix(prefix));
        for (Map.Entry<String, Long> e : statistics.get().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(prefix)) {
                out.put(k, CmapValue.uint64(e.getValue()));
            }
            if (k.startsWith("runtime.services.votequorum.")) {
                String alias = "runtime.votequorum." + k.substring("runtime.services.votequorum.".length());
                if (alias.startsWith(prefix)) {
                    out.put(alias, CmapValue.uint64(e.getValue()));
                }
            }
        }
        return out;
    }

    private ByteBuffer get(String key) {
        CmapValue v = store.get(key);
        if (v == null) {
            v = view(key).get(key);
        }
        if (v == null) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        ByteBuffer b = LittleEndian.allocate(CmapProtocol.valueSize(v));
        CmapProtocol.putValue(b, v);
        return ResponseStatus.ok(b.flip());
    }

    private ByteBuffer iterate(String prefix) {
        SortedMap<String, CmapValue> all = view(prefix);
        int size = 4;
        for (Map.Entry<String, CmapValue> e : all.entrySet()) {
            size += CmapProtocol.keySize(e.getKey()) + CmapProtocol.valueSize(e.getValue());
        }
        ByteBuffer b = LittleEndian.allocate(size).putInt(all.size());
        all.forEach((k, v) -> {
            CmapProtocol.putKey(b, k);
            CmapProtocol.putValue(b, v);
        });
        return ResponseStatus.ok(b.flip());
    }

    private ByteBuffer set(String key, CmapValue v) {
        if (v == null || key.isEmpty() || key.length() > CmapProtocol.KEYNAME_MAXLEN) {
            return ResponseStatus.of(ChorusError.INVALID_PARAM);
        }
        if (key.startsWith("runtime.")) {
            store.put(key, v);
            return ResponseStatus.of(ChorusError.OK);
        }
        return ResponseStatus.of(context.multicast(CmapWire.SET, CmapWire.set(key, v)));
    }

    private ByteBuffer delete(String key) {
        if (key.startsWith("runtime.")) {
            return ResponseStatus.of(store.delete(key) ? ChorusError.OK : ChorusError.NOT_EXIST);
        }
        if (store.get(key) == null) {
            return ResponseStatus.of(ChorusError.NOT_EXIST);
        }
        return ResponseStatus.of(context.multicast(CmapWire.DELETE, CmapWire.delete(key)));
    }


    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
