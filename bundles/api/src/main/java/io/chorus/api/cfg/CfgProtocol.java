package io.chorus.api.cfg;

import static io.chorus.api.wire.LittleEndian.allocate;
import static io.chorus.api.wire.LittleEndian.countedSize;
import static io.chorus.api.wire.LittleEndian.getCountedString;
import static io.chorus.api.wire.LittleEndian.putCountedString;

import io.chorus.api.RingView;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CFG library protocol between {@link CfgClient} and the cfg engine (request and callback function ids and
 * bodies, little-endian). Every response starts with the status word (see {@code ResponseStatus}); the bodies
 * below are what follows it.
 *
 * <pre>
 * RING_STATUS_GET   -> u32 count, count x (u32 ringnumber, u8 faulty, str address, str status)
 * RING_REENABLE     -> (empty, once every node re-enabled: the agreed message came back)
 * LOCAL_GET         -> u32 nodeid
 * MEMBERS_GET       -> u32 count, count x u32 nodeid
 * KILL_NODE         u32 nodeid, str reason -> (empty)
 * TRY_SHUTDOWN      u32 flag -> (empty, when the cluster agreed; BUSY when refused)
 * REPLY_TO_SHUTDOWN u32 1 yes / 0 no -> (empty)
 * TRACK_START, TRACK_STOP -> (empty)
 * CB_SHUTDOWN       u32 nodeid, u32 flag
 * </pre>
 * {@code str} is u32 length then UTF-8 bytes.
 */
public final class CfgProtocol {

    public static final int RING_STATUS_GET = 0;
    public static final int RING_REENABLE = 1;
    public static final int LOCAL_GET = 2;
    public static final int MEMBERS_GET = 3;
    public static final int KILL_NODE = 4;
    public static final int TRY_SHUTDOWN = 5;
    public static final int REPLY_TO_SHUTDOWN = 6;
    public static final int TRACK_START = 7;
    public static final int TRACK_STOP = 8;

    public static final int CB_SHUTDOWN = 0;

    /** Longest kill reason carried (Corosync's is a 1024-byte name). */
    public static final int MAX_REASON = 1024;

    private CfgProtocol() {
    }

    public static ByteBuffer rings(List<CfgRing> rings) {
        int size = 4;
        for (CfgRing r : rings) {
            size += 5 + countedSize(r.address()) + countedSize(r.status());
        }
        ByteBuffer b = allocate(size).putInt(rings.size());
        for (CfgRing r : rings) {
            b.putInt(r.ringNumber()).put((byte) (r.faulty() ? 1 : 0));
            putCountedString(b, r.address());
            putCountedString(b, r.status());
        }
        return b.flip();
    }

    public static List<CfgRing> getRings(ByteBuffer b) {
        int n = LittleEndian.getCount(b, Integer.MAX_VALUE, 13); // a ring with two empty strings
        List<CfgRing> rings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int number = b.getInt();
            boolean faulty = b.get() != 0;
            rings.add(new CfgRing(number, getCountedString(b), faulty, getCountedString(b)));
        }
        return rings;
    }

    public static ByteBuffer nodeIds(int[] ids) {
        return LittleEndian.putCountedInts(allocate(LittleEndian.countedIntsSize(ids)), ids).flip();
    }

    /** At most {@link RingView#MAX_MEMBERS}. */
    public static int[] getNodeIds(ByteBuffer b) {
        return LittleEndian.getCountedInts(b, RingView.MAX_MEMBERS);
    }

    public static ByteBuffer killNode(int nodeId, String reason) {
        String r = reason == null ? "" : reason;
        return putCountedString(allocate(4 + countedSize(r)).putInt(nodeId), r).flip();
    }
}
