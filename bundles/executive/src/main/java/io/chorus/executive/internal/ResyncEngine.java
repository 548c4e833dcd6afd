package io.chorus.executive.internal;

import io.chorus.api.spi.SyncParticipant;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.wire.ResyncMessages;
import io.chorus.totem.RingId;
import io.chorus.totem.pg.McastResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings engines loaded on a running ring up to date without waiting for a membership change — something
 * Corosync never needed, since it cannot load engines at runtime. It runs the sync v2 barrier sequence for
 * just those engines, on Chorus's own group {@code "chorus-sync"} (see {@link ResyncMessages}):
 * <ol>
 * <li>a node that loaded engines needing state multicasts RESYNC_REQUEST(ring, ids); from its delivery on,
 *     those engines' flow-controlled requests get TRY_AGAIN on every node;</li>
 * <li>when no round runs (nor a regular sync), every node starts the next round with the union of the
 *     requests delivered so far (the same on every node: agreed order), and multicasts RESYNC_BUILD listing
 *     which of those engines it runs <em>with</em> the cluster's state;</li>
 * <li>once every member's BUILD is in, each service goes through {@link SyncRound}: a participant that holds
 *     the state is initialised with the members that announced it as its "transitional" members, a freshly
 *     loaded one with only itself — exactly what a partition merge looks like to the engine, so engines need
 *     no special case.</li>
 * </ol>
 * A configuration change aborts the round; the regular sync then covers every engine. In a ring with
 * Corosync members (which never send RESYNC_BUILD) a round cannot finish: the fresh engines stay on
 * TRY_AGAIN until the next configuration change syncs them, and nothing else is affected.
 *
 * <p>Caveat for engines: exec messages admitted on some node before its delivery of the request can be
 * delivered after the round started; they reach the engine between {@code init} and {@code activate} and
 * must be applied to the state being gathered as well.
 */
final class ResyncEngine implements SyncRound.Host {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.sync");

    private enum Phase { IDLE, BUILDING, RUNNING }

    private final ClusterRing ring;
    private final EngineTable engines;

    private RingId ringId;
    private int[] members = new int[0];
    private boolean regularRunning = true;
    /** Ids this node requested on this ring (outstanding or delivered): asked once. */
    private final Set<Integer> requested = new HashSet<>();
    /** Ids of delivered requests that no round has taken yet. */
    private final TreeSet<Integer> queued = new TreeSet<>();
    private Phase phase = Phase.IDLE;
    private int roundsStarted;
    private int round = -1;
    private int[] services = new int[0];
    private int[] announced = new int[0];
    private boolean buildSent;
    private final Map<Integer, int[]> builds = new HashMap<>();
    private SyncRound sync;
    private long completedRounds;

    ResyncEngine(ClusterRing ring, EngineTable engines) {
        this.ring = ring;
        this.engines = engines;
    }

    long completedRounds() {
        return completedRounds;
    }

    /** A configuration change: whatever ran is aborted; requests are void (the regular sync covers them). */
    void configurationChange(RingId newRing, int[] newMembers) {
        if (sync != null && !sync.finished()) {
            LOG.info("Resync of services {} aborted by a new configuration", Arrays.toString(services));
            sync.abort();
        }
        sync = null;
        phase = Phase.IDLE;
        queued.clear();
        requested.clear();
        builds.clear();
        roundsStarted = 0;
        regularRunning = true;
        if (newRing != null) {
            ringId = newRing;
            members = newMembers.clone();
        }
    }

    void regularSyncCompleted() {
        regularRunning = false;
        requestIfNeeded();
    }

    /** Whether {@code serviceId} waits for, or is in, a resync round (its requests get TRY_AGAIN). */
    boolean pending(int serviceId) {
        if (queued.contains(serviceId)) {
            return true;
        }
        return switch (phase) {
            case IDLE -> false;
            case BUILDING -> Arrays.binarySearch(services, serviceId) >= 0;
            case RUNNING -> sync.pending(serviceId);
        };
    }

    void onToken() {
        requestIfNeeded();
        if (phase == Phase.BUILDING && !buildSent) {
            sendBuild();
        } else if (phase == Phase.RUNNING) {
            sync.onToken();
            finishIfDone();
        }
    }

    void engineRemoved(int serviceId) {
        requested.remove(serviceId);
        if (phase == Phase.RUNNING) {
            sync.engineRemoved(serviceId);
        }
    }

    /** Asks for the state of engines loaded here since the last sync, unless a regular sync will do it. */
    void requestIfNeeded() {
        if (ringId == null || regularRunning || !engines.hasFresh()) {
            return;  // the common case at every token: nothing allocated
        }
        Set<Integer> ids = engines.freshIds();
        ids.removeAll(requested);
        if (ids.isEmpty()) {
            return;
        }
        int[] list = ids.stream().mapToInt(Integer::intValue).toArray();
        if (ring.mcast(ResyncMessages.GROUP, ResyncMessages.request(ringId, list)) == McastResult.OK) {
            requested.addAll(ids);
            LOG.info("Services {} were loaded on a running ring: asking the cluster for their state",
                    Arrays.toString(list));
        }
    }

    void deliver(int sender, ByteBuffer message) {
        int type = ResyncMessages.type(message);
        if (type < 0) {
            LOG.warn("Malformed resync message from node {} dropped", sender);
            return;
        }
        if (ringId == null || !io.chorus.executive.wire.SyncMessages.isFor(message, ringId)
                || Arrays.binarySearch(members, sender) < 0) {
            return;
        }
        switch (type) {
            case ResyncMessages.REQUEST -> {
                for (int id : ResyncMessages.services(message)) {
                    if (id >= 0 && id < EngineTable.SIZE) {
                        queued.add(id);
                    }
                }
                startNextRound();
            }
            case ResyncMessages.BUILD -> {
                if (phase == Phase.BUILDING && ResyncMessages.round(message) == round) {
                    builds.put(sender, ResyncMessages.services(message));
                    if (builds.size() == members.length) {
                        phase = Phase.RUNNING;
                        sync = new SyncRound(this, members, services, ringId.seq());
                        sync.begin();
                        finishIfDone();
                    }
                }
            }
            default -> {
                if (phase == Phase.RUNNING && ResyncMessages.round(message) == round) {
                    sync.onBarrier(sender);
                    finishIfDone();
                }
            }
        }
    }

    private void startNextRound() {
        if (phase != Phase.IDLE || regularRunning || queued.isEmpty()) {
            return;
        }
        services = queued.stream().mapToInt(Integer::intValue).toArray();
        queued.clear();
        round = roundsStarted++;
        phase = Phase.BUILDING;
        builds.clear();
        List<Integer> holding = new ArrayList<>();
        for (int id : services) {
            if (engines.participant(id) != null && !engines.isFresh(id)) {
                holding.add(id);
            }
        }
        announced = holding.stream().mapToInt(Integer::intValue).toArray();
        buildSent = false;
        sendBuild();
    }

    private void sendBuild() {
        buildSent = ring.mcast(ResyncMessages.GROUP, ResyncMessages.build(ringId, round, announced))
                == McastResult.OK;
    }

    private void finishIfDone() {
        if (phase != Phase.RUNNING || !sync.finished()) {
            return;
        }
        phase = Phase.IDLE;
        completedRounds++;
        for (int id : services) {
            // Answered: if this engine is unloaded and loaded again on this ring, it must be able to ask again.
            requested.remove(id);
        }
        LOG.info("Completed resynchronization of services {}", Arrays.toString(services));
        sync = null;
        startNextRound();
    }

    // ---- SyncRound.Host

    @Override
    public SyncParticipant participant(int serviceId) {
        return engines.participant(serviceId);
    }

    /** Holders of the state: those whose BUILD listed the service; a fresh engine stands alone. */
    @Override
    public int[] transitionalMembers(int serviceId) {
        if (Arrays.binarySearch(announced, serviceId) < 0) {
            return new int[] {ring.localNodeId()};
        }
        List<Integer> holders = new ArrayList<>();
        for (int m : members) {
            int[] list = builds.get(m);
            if (list != null && Arrays.stream(list).anyMatch(id -> id == serviceId)) {
                holders.add(m);
            }
        }
        return holders.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean sendBarrier() {
        return ring.mcast(ResyncMessages.GROUP, ResyncMessages.barrier(ringId, round)) == McastResult.OK;
    }

    @Override
    public void enterSyncCallback(int serviceId) {
        engines.enterSyncCallback(serviceId);
    }

    @Override
    public void exitSyncCallback() {
        engines.exitSyncCallback();
    }

    @Override
    public void initialised(int serviceId) {
        engines.synced(serviceId);
    }
}
