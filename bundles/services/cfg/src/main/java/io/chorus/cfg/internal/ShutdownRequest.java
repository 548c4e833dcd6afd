package io.chorus.cfg.internal;

import io.chorus.api.cfg.CfgShutdownFlag;
import io.chorus.api.spi.ClientSession;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;

/**
 * This node's own shutdown request while the cluster votes on it: whose votes are still awaited (the members
 * when the request was delivered, so every node agrees on them), and whether one said no.
 */
final class ShutdownRequest {

    final ClientSession session;
    final CfgShutdownFlag flag;
    final int seq;
    /** Null until the request comes back in agreed order. */
    Set<Integer> awaiting;
    boolean refused;
    /** The vote is over and SHUTDOWN was sent: waiting for it to come back. */
    boolean proceeding;
    ScheduledFuture<?> timeout;

    ShutdownRequest(ClientSession session, CfgShutdownFlag flag, int seq) {
        this.session = session;
        this.flag = flag;
        this.seq = seq;
    }

    void delivered(int[] members) {
        awaiting = new TreeSet<>();
        for (int m : members) {
            awaiting.add(m);
        }
    }

    boolean decided() {
        return awaiting != null && awaiting.isEmpty();
    }

    /** Whether to go ahead once decided: nobody refused, or the flag says the answers do not matter. */
    boolean proceed() {
        return !refused || flag != CfgShutdownFlag.REQUEST;
    }
}
