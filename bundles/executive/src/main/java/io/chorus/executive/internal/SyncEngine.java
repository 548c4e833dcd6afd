package io.chorus.executive.internal;

import io.chorus.api.spi.SyncParticipant;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.wire.SyncMessages;
import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingId;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync v2 on group {@code "sync"}, exactly as Corosync 3.1.7 runs it (corosync-wire.md §3.1): on every
 * REGULAR configuration each member multicasts SERVICE_BUILD (ring id, the ids of its engines that have a
 * {@link SyncParticipant}); once one has arrived from every member the sorted union is synchronised
 * service by service with one BARRIER per member (see {@link SyncRound}); ids this node does not run are
 * no-ops whose barrier is still sent and counted. Messages with another ring id are ignored. A new
 * configuration aborts the round (a transitional one already: the old ring cannot finish it). At the end
 * the ring's transition is acknowledged and client requests are admitted again.
 */
final class SyncEngine implements SyncRound.Host {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.sync");

    /** Told when a round completes (the executive lifts admission and may start a resync). */
    interface Completion {
        void syncCompleted(RingId ring, int[] members);
    }

    private final ClusterRing ring;
    private final EngineTable engines;
    private final Completion completion;

    private RingId ringId;
    private int[] members = new int[0];
    private int[] transitional;
    private boolean running;
    private boolean buildSent;
    private final Set<Integer> buildsFrom = new HashSet<>();
    private final TreeSet<Integer> union = new TreeSet<>();
    private SyncRound round;
    private long completedRounds;

    SyncEngine(ClusterRing ring, EngineTable engines, Completion completion) {
        this.ring = ring;
        this.engines = engines;
        this.completion = completion;
    }

    boolean running() {
        return running;
    }

    long completedRounds() {
        return completedRounds;
    }

    RingId ringId() {
        return ringId;
    }

    void configurationChange(ConfigurationChange change) {
        if (round != null && !round.finished()) {
            LOG.info("Sync of ring {} aborted by a new configuration", ringId);
            round.abort();
        }
        round = null;
        if (!change.isRegular()) {
            // Only REGULAR configurations sync; remember who came with us for the engines' init().
            transitional = change.members().clone();
            running = true;
            return;
        }
        ringId = change.ringId();
        members = change.members().clone();
        Arrays.sort(members);
        if (transitional == null) {
            transitional = new int[] {ring.localNodeId()};
        }
        running = true;
        buildsFrom.clear();
        union.clear();
        buildSent = false;
        sendBuild();
    }

    void deliver(int sender, ByteBuffer message) {
        int type = SyncMessages.type(message);
        if (type < 0) {
            LOG.warn("Malformed sync message from node {} ({} bytes) dropped", sender, message.remaining());
            return;
        }
        if (!running || !SyncMessages.isFor(message, ringId) || Arrays.binarySearch(members, sender) < 0) {
            return; // another ring's message (Corosync zeroes its ring id on abort for the same effect)
        }
        if (type == SyncMessages.SERVICE_BUILD) {
            if (round != null) {
                return;
            }
            for (int id : SyncMessages.serviceList(message)) {
                if (id >= 0 && id < EngineTable.SIZE) {
                    union.add(id);
                } else {
                    LOG.warn("Node {} announced service id {} (outside 0..63): ignored", sender, id);
                }
            }
            buildsFrom.add(sender);
            if (buildsFrom.size() == members.length) {
                round = new SyncRound(this, members, union.stream().mapToInt(Integer::intValue).toArray(),
                        ringId.seq());
                LOG.debug("Sync of ring {}: services {}", ringId, union);
                round.begin();
                finishIfDone();
            }
        } else if (round != null) {
            round.onBarrier(sender);
            finishIfDone();
        }
    }

    /** Once per token: retry what totempg refused, process the current participant. */
    void onToken() {
        if (!running) {
            return;
        }
        if (!buildSent) {
            sendBuild();
        }
        if (round != null) {
            round.onToken();
            finishIfDone();
        }
    }

    /** The engine is unloaded here: its turn, if running, ends as a no-op. */
    void engineRemoved(int serviceId) {
        if (round != null) {
            round.engineRemoved(serviceId);
        }
    }

    private void sendBuild() {
        if (ringId == null) {
            return;
        }
        buildSent = ring.mcast(TotemPgGroup.SYNC, SyncMessages.serviceBuild(ringId, engines.participantIds()))
                == McastResult.OK;
    }

    private void finishIfDone() {
        if (round == null || !round.finished() || !running) {
            return;
        }
        running = false;
        completedRounds++;
        transitional = null;
        ring.acknowledgeTransition();
        LOG.info("Completed service synchronization, ready to provide service.");
        completion.syncCompleted(ringId, members.clone());
    }

    // ---- SyncRound.Host

    @Override
    public SyncParticipant participant(int serviceId) {
        return engines.participant(serviceId);
    }

    @Override
    public int[] transitionalMembers(int serviceId) {
        return transitional.clone();
    }

    @Override
    public boolean sendBarrier() {
        return ring.mcast(TotemPgGroup.SYNC, SyncMessages.barrier(ringId)) == McastResult.OK;
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
