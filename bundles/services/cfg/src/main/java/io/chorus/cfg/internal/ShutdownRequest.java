package io.chorus.cfg.internal;

import io.chorus.api.cfg.CfgShutdownFlag;
import io.chorus.api.spi.ClientSession;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * This node's shutdown request while its own tracking clients are asked, as Corosync 3's {@code try_shutdown}
 * does: who has not answered yet, and whether one said no.
 */
final class ShutdownRequest {

    final ClientSession session;
    final CfgShutdownFlag flag;
    /** Tracking clients asked and not answered yet (the requester itself is never asked). */
    final Set<ClientSession> asked = new LinkedHashSet<>();
    boolean refused;
    /** Every answer is in and SHUTDOWN was sent: waiting for it to come back. */
    boolean proceeding;
    ScheduledFuture<?> timeout;

    ShutdownRequest(ClientSession session, CfgShutdownFlag flag) {
        this.session = session;
        this.flag = flag;
    }

    boolean decided() {
        return asked.isEmpty();
    }

    /** Whether to go ahead once decided: nobody refused, or the flag says the answers do not matter. */
    boolean proceed() {
        return !refused || flag != CfgShutdownFlag.REQUEST;
    }
}
