package io.chorus.executive.internal;

import io.chorus.api.spi.Admission;
import io.chorus.executive.ClusterRing;
import io.chorus.totem.pg.TotemPg;
import io.chorus.totem.pg.TotemPgGroup;
import java.util.function.BooleanSupplier;

/**
 * services.md §1.4: whether a request or an exec message may go out now. TOO_BIG over 1 MiB (retrying never
 * helps); TRY_AGAIN in a non-primary partition, while sync (or the engine's resync) runs, or when totempg
 * cannot take the message. An engine's own multicasts from its sync callbacks pass the primary and sync
 * gates: they are the state transfer itself.
 */
final class AdmissionControl {

    private final ClusterRing ring;
    private final EngineTable engines;
    private final SyncEngine sync;
    private final ResyncEngine resync;
    private volatile BooleanSupplier primary = () -> true;

    AdmissionControl(ClusterRing ring, EngineTable engines, SyncEngine sync, ResyncEngine resync) {
        this.ring = ring;
        this.engines = engines;
        this.sync = sync;
        this.resync = resync;
    }

    /** The quorum provider's hook; until one is set every partition is primary (vsftype none). */
    void primary(BooleanSupplier provider) {
        this.primary = provider == null ? () -> true : provider;
    }

    boolean isPrimary() {
        return primary.getAsBoolean();
    }

    /** Non-primary partition and an engine without {@code allowInquorate} (votequorum must work to regain quorum). */
    private boolean refusedInquorate(int serviceId) {
        if (isPrimary()) {
            return false;
        }
        LoadedEngine e = engines.get(serviceId);
        return e == null || !e.engine.allowInquorate();
    }

    /** Whether the engine's state is being synchronised (its flow-controlled requests must wait). */
    boolean syncing(int serviceId) {
        return sync.running() || resync.pending(serviceId) || engines.isFresh(serviceId);
    }

    /** An exec message of {@code totalBytes} (header included) from engine {@code serviceId}. */
    Admission multicast(int serviceId, int totalBytes) {
        if (totalBytes > TotemPg.MAX_MESSAGE_SIZE) {
            return Admission.TOO_BIG;
        }
        if (!engines.inSyncCallbackOf(serviceId) && (refusedInquorate(serviceId) || syncing(serviceId))) {
            return Admission.TRY_AGAIN;
        }
        return ring.canMcast(TotemPgGroup.A, totalBytes) ? Admission.ACCEPTED : Admission.TRY_AGAIN;
    }

    /** A client request of {@code bodyBytes} to engine {@code serviceId}, function {@code fn}. */
    Admission request(int serviceId, boolean flowControlled, int bodyBytes) {
        int exec = bodyBytes + io.chorus.executive.wire.ExecHeader.SIZE;
        if (exec > TotemPg.MAX_MESSAGE_SIZE) {
            return Admission.TOO_BIG;
        }
        if (refusedInquorate(serviceId)) {
            return Admission.TRY_AGAIN;
        }
        if (flowControlled && (syncing(serviceId) || !ring.canMcast(TotemPgGroup.A, exec))) {
            return Admission.TRY_AGAIN;
        }
        return Admission.ACCEPTED;
    }
}
