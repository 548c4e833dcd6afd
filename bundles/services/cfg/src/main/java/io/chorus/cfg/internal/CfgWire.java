package io.chorus.cfg.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The cfg engine's exec messages (service id 1). Function ids 0..2 carry Corosync cfg's meanings so that a C node
 * in the ring reads them as its own (KILLNODE: u32 nodeid then a {@code mar_name_t} reason, u16 length + 256
 * bytes; SHUTDOWN: no body). Chorus's consent protocol uses ids 16 and 17, which a C node drops as unknown.
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

    private CfgWire() {
    }

    static ByteBuffer allocate(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer ringReenable(long sessionId) {
        return allocate(8).putLong(sessionId).flip();
    }

    static ByteBuffer killNode(int nodeId, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(r.length, NAME_MAX - 1);
        ByteBuffer b = allocate(4 + 2 + NAME_MAX).putInt(nodeId).putShort((short) len).put(r, 0, len);
        return b.position(b.capacity()).flip();
    }

    static String killReason(ByteBuffer b) {
        int len = Math.min(Short.toUnsignedInt(b.getShort()), Math.min(NAME_MAX, b.remaining()));
        byte[] r = new byte[len];
        b.get(r);
        return new String(r, StandardCharsets.UTF_8);
    }

    static ByteBuffer shutdownRequest(int seq, int flag) {
        return allocate(8).putInt(seq).putInt(flag).flip();
    }

    static ByteBuffer vote(int origin, int seq, boolean yes) {
        return allocate(12).putInt(origin).putInt(seq).putInt(yes ? 1 : 0).flip();
    }
}
