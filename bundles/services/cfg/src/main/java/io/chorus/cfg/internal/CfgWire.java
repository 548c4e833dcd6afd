package io.chorus.cfg.internal;

import static io.chorus.api.wire.LittleEndian.allocate;

import io.chorus.api.wire.LittleEndian;
import io.chorus.api.wire.LittleEndian.FixedName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The cfg engine's exec messages (service id 1). Function ids 0..2 carry Corosync cfg's meanings so that a C node
 * in the ring reads them as its own (KILLNODE: u32 nodeid then a {@code mar_name_t} reason, u16 length + 256
 * bytes; SHUTDOWN: no body). Chorus's consent protocol uses ids 16 and 17, which a C node drops as unknown.
 * The reason is packed right after the nodeid ({@link #REASON}); Corosync 3's {@code req_exec_cfg_killnode}
 * aligns both members to 8 (nodeid at 0, {@link LittleEndian#MAR_NAME} at 8, 272 bytes), so a C node reads the
 * nodeid right but not the reason text. Not yet checked against a capture.
 *
 * <pre>
 *  0 RINGREENABLE      u64 session id of the requester (answered when its own message comes back)
 *  1 KILLNODE          u32 nodeid, u16 reason length, u8[256] reason
 *  2 SHUTDOWN          (empty): the sender is leaving by an agreed shutdown
 * 16 SHUTDOWN_REQUEST  u32 request seq, u32 flag: every node asks its tracking clients
 * 17 SHUTDOWN_VOTE     u32 requesting nodeid, u32 request seq, u32 1 yes / 0 no: one vote per node
 * </pre>
 */
final class CfgWire {

    static final int SERVICE_ID = 1;

    static final int RINGREENABLE = 0;
    static final int KILLNODE = 1;
    static final int SHUTDOWN = 2;
    static final int SHUTDOWN_REQUEST = 16;
    static final int SHUTDOWN_VOTE = 17;

    static final int NAME_MAX = 256;

    /** KILLNODE's reason at body offset 4: u16 length, then {@code value[256]} at once (258 bytes). */
    static final FixedName REASON = new FixedName(2, 2, NAME_MAX);

    private CfgWire() {
    }

    static ByteBuffer ringReenable(long sessionId) {
        return allocate(8).putLong(sessionId).flip();
    }

    static ByteBuffer killNode(int nodeId, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] kept = r.length < NAME_MAX ? r : Arrays.copyOf(r, NAME_MAX - 1); // room for C's NUL
        return LittleEndian.putFixedName(allocate(4 + REASON.size()).putInt(0, nodeId), 4, REASON, kept);
    }

    /** The reason at {@code b}'s position (after the nodeid). */
    static String killReason(ByteBuffer b) {
        return new String(LittleEndian.getFixedName(b, b.position(), REASON), StandardCharsets.UTF_8);
    }

    static ByteBuffer shutdownRequest(int seq, int flag) {
        return allocate(8).putInt(seq).putInt(flag).flip();
    }

    static ByteBuffer vote(int origin, int seq, boolean yes) {
        return allocate(12).putInt(origin).putInt(seq).putInt(yes ? 1 : 0).flip();
    }
}
