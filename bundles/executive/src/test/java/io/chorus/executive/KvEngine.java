package io.chorus.executive;

import io.chorus.api.RingView;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.api.spi.SyncParticipant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A replicated key-value map, the smallest engine with shared state: PUT (fn 0) applies everywhere in agreed
 * order; after a configuration change the lowest member of each old partition sends its map (fn 1) and every
 * node adopts the merged result on activate. Puts delivered during sync go to the gathered map as well and
 * win over older sync entries.
 */
final class KvEngine implements ServiceEngine, SyncParticipant {

    static final int PUT = 0;
    static final int SYNC_ENTRY = 1;

    private final EngineInfo info;
    EngineContext context;
    Map<String, String> state = new TreeMap<>();
    final List<String> log = new ArrayList<>();
    final List<RingView> views = new ArrayList<>();
    final List<Long> closedSessions = new ArrayList<>();
    boolean stopped;
    int inits;
    int aborts;
    int activations;
    /** process() returns false this many times per turn before it starts sending: keeps a sync open. */
    int slowRotations;

    private Map<String, String> gathering;
    private final Set<String> touched = new HashSet<>();
    private Iterator<Map.Entry<String, String>> toSend;
    private Map.Entry<String, String> unsent;
    private int waited;

    KvEngine() {
        this(20);
    }

    KvEngine(int id) {
        this.info = new EngineInfo("kv", id, 1, Set.of("chorus_kv"));
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public void start(EngineContext ctx) {
        this.context = ctx;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    Admission put(String key, String value) {
        return context.multicast(PUT, encode(key, value));
    }

    @Override
    public void deliver(int fn, int sender, ByteBuffer body) {
        String[] kv = decode(body);
        if (fn == PUT) {
            log.add(sender + ":" + kv[0] + "=" + kv[1]);
            state.put(kv[0], kv[1]);
            if (gathering != null) {
                gathering.put(kv[0], kv[1]);
                touched.add(kv[0]);
            }
        } else if (fn == SYNC_ENTRY && gathering != null && !touched.contains(kv[0])) {
            gathering.put(kv[0], kv[1]);
        }
    }

    @Override
    public void configurationChange(RingView view) {
        views.add(view);
    }

    @Override
    public SyncParticipant sync() {
        return this;
    }

    @Override
    public void sessionClosed(ClientSession session) {
        closedSessions.add(session.id());
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        context.multicast(fn, body);
    }

    // ---- sync

    @Override
    public void init(int[] transitionalMembers, int[] members, long ringSeq) {
        inits++;
        gathering = new TreeMap<>();
        touched.clear();
        waited = 0;
        unsent = null;
        int sender = Integer.MAX_VALUE;
        for (int t : transitionalMembers) {
            for (int m : members) {
                if (t == m) {
                    sender = Math.min(sender, t);
                }
            }
        }
        toSend = sender == context.localNodeId() ? new TreeMap<>(state).entrySet().iterator() : null;
    }

    @Override
    public boolean process() {
        if (waited++ < slowRotations) {
            return false;
        }
        while (toSend != null && (unsent != null || toSend.hasNext())) {
            Map.Entry<String, String> e = unsent != null ? unsent : toSend.next();
            if (context.multicast(SYNC_ENTRY, encode(e.getKey(), e.getValue())) != Admission.ACCEPTED) {
                unsent = e;
                return false;
            }
            unsent = null;
        }
        return true;
    }

    @Override
    public void activate() {
        activations++;
        state = gathering;
        gathering = null;
    }

    @Override
    public void abort() {
        aborts++;
        gathering = null;
    }

    static ByteBuffer encode(String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + k.length + v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(k.length).put(k).putInt(v.length).put(v).flip();
        return b;
    }

    static String[] decode(ByteBuffer body) {
        ByteBuffer b = body.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] k = new byte[b.getInt()];
        b.get(k);
        byte[] v = new byte[b.getInt()];
        b.get(v);
        return new String[] {new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)};
    }
}
