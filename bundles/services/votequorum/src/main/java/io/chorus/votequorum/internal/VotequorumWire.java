package io.chorus.votequorum.internal;

import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;

/**
 * Votequorum's exec messages (service 5) at Corosync 3.1.7's offsets (corosync-wire.md §1.12), bodies only:
 * the executive adds the 16-byte exec header, so offset 16 of the C struct is offset 0 here. Packed,
 * little-endian.
 *
 * <pre>
 * fn 0 NODEINFO     32 bytes: 16 u32 nodeid, 20 u32 votes, 24 u32 expected_votes, 28 u32 flags
 * fn 1 RECONFIGURE  28 bytes: 16 u32 nodeid, 20 u32 value, 24 u8 param (1 EXPECTED_VOTES, 2 NODE_VOTES,
 *                   3 CANCEL_WFA), 25..27 padding
 * </pre>
 * RECONFIGURE's layout is votequorum.c's {@code req_exec_quorum_reconfigure}; it has not been checked against
 * a capture (C nodes only send it on {@code corosync-quorumtool -e/-v}). fns 2-3 (qdevice) are ignored.
 */
final class VotequorumWire {

    static final int SERVICE_ID = 5;
    static final int NODEINFO = 0;
    static final int RECONFIGURE = 1;

    static final int NODEINFO_BODY = 16;
    static final int RECONFIGURE_BODY = 12;

    /** NODEINFO flags. */
    static final int FLAG_QUORATE = 1;
    static final int FLAG_LEAVING = 2;
    static final int FLAG_WFASTATUS = 4;
    static final int FLAG_FIRST = 8;

    static final int PARAM_EXPECTED_VOTES = 1;
    static final int PARAM_NODE_VOTES = 2;
    static final int PARAM_CANCEL_WFA = 3;

    /** The qdevice's pseudo node in NODEINFO. */
    static final int QDEVICE_NODEID = 0;

    record NodeInfo(int nodeId, int votes, int expectedVotes, int flags) {
    }

    record Reconfigure(int nodeId, int value, int param) {
    }

    private VotequorumWire() {
    }

    static ByteBuffer nodeInfo(NodeInfo n) {
        return LittleEndian.ints(n.nodeId(), n.votes(), n.expectedVotes(), n.flags());
    }

    static NodeInfo nodeInfo(ByteBuffer body) {
        ByteBuffer b = LittleEndian.view(body);
        return new NodeInfo(b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    static ByteBuffer reconfigure(Reconfigure r) {
        return LittleEndian.allocate(RECONFIGURE_BODY).putInt(r.nodeId())
                .putInt(r.value()).put((byte) r.param()).put(new byte[3]).flip();
    }

    static Reconfigure reconfigure(ByteBuffer body) {
        ByteBuffer b = LittleEndian.view(body);
        return new Reconfigure(b.getInt(), b.getInt(), b.get() & 0xff);
    }
}
