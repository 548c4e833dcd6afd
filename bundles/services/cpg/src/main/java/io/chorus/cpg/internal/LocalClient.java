package io.chorus.cpg.internal;

import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.spi.ClientSession;

/**
 * One CPG handle of a client of this node: its process id and where it stands with its (single) group.
 * The states are Corosync's: a join or leave is "started" when its PROCJOIN/PROCLEAVE is multicast and
 * completes when that message comes back in agreed order.
 */
final class LocalClient {

    enum State { UNJOINED, JOIN_STARTED, JOIN_COMPLETED, LEAVE_STARTED }

    /** In-container sessions have no pid; theirs sit above Linux's pid range (pid_max ≤ 2^22) and are unique. */
    static final int SYNTHETIC_PID_BASE = 0x40000000;

    final ClientSession session;
    final int pid;
    State state = State.UNJOINED;
    CpgGroup group;

    LocalClient(ClientSession session) {
        this.session = session;
        this.pid = session.pid() > 0 ? session.pid() : SYNTHETIC_PID_BASE + (int) (session.id() & 0x3fffffff);
    }

    /** Whether confchgs and messages of {@code g} are for this handle now. */
    boolean receives(CpgGroup g) {
        return g.equals(group) && (state == State.JOIN_COMPLETED || state == State.LEAVE_STARTED);
    }

    boolean joinedOrJoining() {
        return state == State.JOIN_STARTED || state == State.JOIN_COMPLETED;
    }
}
