package io.chorus.api.cfg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

    public static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static ByteBuffer u32(int v) {
        return allocate(4).putInt(v).flip();
    }

    public static int strSize(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    public static ByteBuffer putStr(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return b.putInt(bytes.length).put(bytes);
    }

    public static String getStr(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("string of " + n + " bytes");
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static ByteBuffer rings(List<CfgRing> rings) {
        int size = 4;
        for (CfgRing r : rings) {
            size += 5 + strSize(r.address()) + strSize(r.status());
        }
        ByteBuffer b = allocate(size).putInt(rings.size());
        for (CfgRing r : rings) {
            b.putInt(r.ringNumber()).put((byte) (r.faulty() ? 1 : 0));
            putStr(b, r.address());
            putStr(b, r.status());
        }
        return b.flip();
    }

    public static List<CfgRing> getRings(ByteBuffer b) {
        int n = b.getInt();
        List<CfgRing> rings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int number = b.getInt();
            boolean faulty = b.get() != 0;
            rings.add(new CfgRing(number, getStr(b), faulty, getStr(b)));
        }
        return rings;
    }

    public static ByteBuffer nodeIds(int[] ids) {
        ByteBuffer b = allocate(4 + 4 * ids.length).putInt(ids.length);
        for (int id : ids) {
            b.putInt(id);
        }
        return b.flip();
    }

    public static int[] getNodeIds(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) {
            throw new IllegalArgumentException(n + " node ids");
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.getInt();
        }
        return ids;
    }

    public static ByteBuffer killNode(int nodeId, String reason) {
        String r = reason == null ? "" : reason;
        return putStr(allocate(4 + strSize(r)).putInt(nodeId), r).flip();
    }
}
