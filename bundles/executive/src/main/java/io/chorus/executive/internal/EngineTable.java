package io.chorus.executive.internal;

import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.SyncParticipant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engines running on this node, indexed by service id (0..63, as Corosync's table), and which of them
 * still wait for the cluster's state. Event-loop only, except {@link #infos()} which takes a snapshot.
 */
final class EngineTable {

    static final int SIZE = EngineInfo.MAX_ID + 1;

    private final LoadedEngine[] byId = new LoadedEngine[SIZE];
    /** Engines loaded here that have not yet been initialised by a sync round: they lack the cluster's state. */
    private final Set<Integer> fresh = new TreeSet<>();
    /** The engine whose sync callback is running, or -1 (its multicasts bypass the sync gate). */
    private int syncCallbackService = -1;

    LoadedEngine get(int serviceId) {
        return serviceId >= 0 && serviceId < SIZE ? byId[serviceId] : null;
    }

    synchronized void put(LoadedEngine engine) {
        byId[engine.info.id()] = engine;
    }

    synchronized void remove(int serviceId) {
        byId[serviceId] = null;
        fresh.remove(serviceId);
    }

    SyncParticipant participant(int serviceId) {
        LoadedEngine e = get(serviceId);
        return e == null ? null : e.participant;
    }

    /** Ids of running engines that take part in sync, ascending (what SERVICE_BUILD announces). */
    int[] participantIds() {
        List<Integer> ids = new ArrayList<>();
        for (LoadedEngine e : byId) {
            if (e != null && e.participant != null) {
                ids.add(e.info.id());
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Running engines in ascending id. */
    List<LoadedEngine> all() {
        List<LoadedEngine> out = new ArrayList<>();
        for (LoadedEngine e : byId) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized List<EngineInfo> infos() {
        return all().stream().map(e -> e.info).toList();
    }

    void markFresh(int serviceId) {
        fresh.add(serviceId);
    }

    void synced(int serviceId) {
        fresh.remove(serviceId);
    }

    boolean isFresh(int serviceId) {
        return fresh.contains(serviceId);
    }

    /** Whether any engine waits for its state (cheap: asked at every token). */
    boolean hasFresh() {
        return !fresh.isEmpty();
    }

    Set<Integer> freshIds() {
        return new TreeSet<>(fresh);
    }

    void enterSyncCallback(int serviceId) {
        syncCallbackService = serviceId;
    }

    void exitSyncCallback() {
        syncCallbackService = -1;
    }

    boolean inSyncCallbackOf(int serviceId) {
        return syncCallbackService == serviceId;
    }
}
