package io.chorus.api.clm;

import static io.chorus.api.wire.LittleEndian.allocate;
import static io.chorus.api.wire.LittleEndian.countedSize;
import static io.chorus.api.wire.LittleEndian.getCountedString;
import static io.chorus.api.wire.LittleEndian.putCountedString;

import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLM library protocol between {@link ClmClient} and the clm engine (Chorus's own). Little-endian; a
 * <i>string</i> is {@code u32 length, UTF-8}; a <i>node</i> is {@code u32 nodeid, u32 family, string address,
 * string name, u32 member, u64 boot timestamp, u64 initial view}; a <i>buffer</i> is {@code u64 view number,
 * u32 n, n × (node, u32 change)}. Responses start with the status word.
 *
 * <pre>
 * requests           body                                     OK payload
 *  0 INITIALIZE      u32 release code, u32 major, u32 minor   u32 release, u32 major, u32 minor (implemented)
 *  1 TRACK           u32 flags, u32 current in answer (0/1)   buffer when CURRENT and in answer, else nothing
 *  2 TRACK_STOP      -                                        -
 *  3 NODE_GET        u32 nodeid, u64 timeout (ns)             node
 *  4 NODE_GET_ASYNC  u64 invocation, u32 nodeid               -
 *
 * callbacks          body
 *  0 TRACK           u32 error, u32 number of members, buffer
 *  1 NODE_GET        u64 invocation, u32 error, u32 has node, node (if has node)
 * </pre>
 */
public final class ClmProtocol {

    public static final int INITIALIZE = 0;
    public static final int TRACK = 1;
    public static final int TRACK_STOP = 2;
    public static final int NODE_GET = 3;
    public static final int NODE_GET_ASYNC = 4;

    public static final int CB_TRACK = 0;
    public static final int CB_NODE_GET = 1;

    private ClmProtocol() {
    }

    public static int nodeSize(ClmNode n) {
        return 4 + 4 + countedSize(n.address().value()) + countedSize(n.nodeName()) + 4 + 8 + 8;
    }

    public static void putNode(ByteBuffer b, ClmNode n) {
        b.putInt(n.nodeId()).putInt(n.address().family());
        putCountedString(b, n.address().value());
        putCountedString(b, n.nodeName());
        b.putInt(n.member() ? 1 : 0).putLong(n.bootTimestamp()).putLong(n.initialViewNumber());
    }

    public static ClmNode getNode(ByteBuffer b) {
        int id = b.getInt();
        int family = b.getInt();
        String address = getCountedString(b);
        String name = getCountedString(b);
        return new ClmNode(id, new ClmNodeAddress(family, address), name, b.getInt() != 0, b.getLong(), b.getLong());
    }

    public static ByteBuffer node(ClmNode n) {
        ByteBuffer b = allocate(nodeSize(n));
        putNode(b, n);
        return b.flip();
    }

    public static ByteBuffer buffer(ClmNotificationBuffer buf) {
        int size = 12;
        for (ClmNotification n : buf.notification()) {
            size += nodeSize(n.clusterNode()) + 4;
        }
        ByteBuffer b = allocate(size);
        putBuffer(b, buf);
        return b.flip();
    }

    public static void putBuffer(ByteBuffer b, ClmNotificationBuffer buf) {
        b.putLong(buf.viewNumber()).putInt(buf.notification().size());
        for (ClmNotification n : buf.notification()) {
            putNode(b, n.clusterNode());
            b.putInt(n.clusterChange().code());
        }
    }

    public static ClmNotificationBuffer getBuffer(ByteBuffer b) {
        long view = b.getLong();
        int n = LittleEndian.getCount(b, Integer.MAX_VALUE, 40); // a node with empty strings and its change
        List<ClmNotification> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ClmNode node = getNode(b);
            items.add(new ClmNotification(node, ClmClusterChange.of(b.getInt())));
        }
        return new ClmNotificationBuffer(view, items);
    }

    public static ByteBuffer trackCallback(int error, int members, ClmNotificationBuffer buf) {
        ByteBuffer body = buffer(buf);
        ByteBuffer b = allocate(8 + body.remaining());
        b.putInt(error).putInt(members).put(body);
        return b.flip();
    }

    public static ByteBuffer nodeGetCallback(long invocation, int error, ClmNode node) {
        ByteBuffer b = allocate(16 + (node == null ? 0 : nodeSize(node)));
        b.putLong(invocation).putInt(error).putInt(node == null ? 0 : 1);
        if (node != null) {
            putNode(b, node);
        }
        return b.flip();
    }
}
