package io.chorus.executive.internal;

import io.chorus.api.spi.SyncParticipant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barrier sequence shared by sync v2 and Chorus's resync: services one at a time in ascending id; for
 * each, the local participant (if this node runs the engine) is initialised, processed once per token until
 * it is done, then this node sends exactly one barrier; when a barrier from every member has been delivered
 * the participant is activated and the next service starts. Services this node does not run are no-ops
 * whose barrier is still sent and counted. Total order makes every member count the same barriers for the
 * same service, so barriers need not name it.
 */
final class SyncRound {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRound.class);

    /** What a round needs from the node. */
    interface Host {
        /** The participant of a locally running engine, or null (the service is a no-op here). */
        SyncParticipant participant(int serviceId);

        /** The members this node's engine {@code serviceId} shared its state with before the round. */
        int[] transitionalMembers(int serviceId);

        /** Queues this round's barrier; false when totempg cannot take it now (retried on the next token). */
        boolean sendBarrier();

        /** Brackets engine callbacks, so their multicasts pass admission while sync holds others back. */
        void enterSyncCallback(int serviceId);

        void exitSyncCallback();

        /** The participant of {@code serviceId} was initialised in this round (it will get the state). */
        void initialised(int serviceId);
    }

    private final Host host;
    private final int[] members;
    private final int[] services;
    private final long ringSeq;
    private final Set<Integer> barriers = new HashSet<>();
    private int index = -1;
    private SyncParticipant current;
    private boolean processed;
    private boolean barrierSent;

    /** @param services distinct ids, ascending; {@code members} ascending */
    SyncRound(Host host, int[] members, int[] services, long ringSeq) {
        this.host = host;
        this.members = members.clone();
        this.services = services.clone();
        this.ringSeq = ringSeq;
    }

    void begin() {
        startTurn(0);
    }

    boolean finished() {
        return index >= services.length;
    }

    int[] services() {
        return services.clone();
    }

    /** Whether {@code serviceId} is in this round and not yet activated. */
    boolean pending(int serviceId) {
        for (int i = Math.max(index, 0); i < services.length; i++) {
            if (services[i] == serviceId) {
                return true;
            }
        }
        return false;
    }

    /** A token arrived: process the current participant once, then send the barrier when it is done. */
    void onToken() {
        if (finished()) {
            return;
        }
        if (!processed) {
            processed = call(() -> current.process(), true);
        }
        trySendBarrier();
    }

    /** A barrier of this round was delivered from {@code sender}. */
    void onBarrier(int sender) {
        if (finished() || Arrays.binarySearch(members, sender) < 0) {
            return;
        }
        barriers.add(sender);
        if (barriers.size() < members.length) {
            return;
        }
        if (current != null) {
            SyncParticipant p = current;
            call(() -> {
                p.activate();
                return true;
            }, true);
        }
        startTurn(index + 1);
    }

    /** A new configuration came first: the participant whose turn it is discards what it gathered. */
    void abort() {
        if (!finished() && current != null) {
            SyncParticipant p = current;
            call(() -> {
                p.abort();
                return true;
            }, true);
        }
        current = null;
        index = services.length;
    }

    /** The engine was unloaded here: from now on its service is a no-op on this node. */
    void engineRemoved(int serviceId) {
        if (!finished() && services[index] == serviceId && current != null) {
            SyncParticipant p = current;
            current = null;
            call(() -> {
                p.abort();
                return true;
            }, true);
            processed = true;
            trySendBarrier();
        }
    }

    private void startTurn(int next) {
        index = next;
        barriers.clear();
        current = null;
        processed = true;
        barrierSent = false;
        if (finished()) {
            return;
        }
        int id = services[index];
        SyncParticipant p = host.participant(id);
        if (p != null) {
            int[] trans = host.transitionalMembers(id);
            current = p;
            processed = false;
            call(() -> {
                p.init(trans, members.clone(), ringSeq);
                return true;
            }, true);
            host.initialised(id);
        }
        trySendBarrier();
    }

    private void trySendBarrier() {
        if (processed && !barrierSent) {
            barrierSent = host.sendBarrier();
        }
    }

    /** Runs an engine callback; an engine that throws is logged and counts as done, never stalls the ring. */
    private boolean call(java.util.function.BooleanSupplier callback, boolean onFailure) {
        int id = services[Math.min(index, services.length - 1)];
        host.enterSyncCallback(id);
        try {
            return callback.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.error("Sync callback of service {} failed; its turn ends here", id, e);
            return onFailure;
        } finally {
            host.exitSyncCallback();
        }
    }
}
