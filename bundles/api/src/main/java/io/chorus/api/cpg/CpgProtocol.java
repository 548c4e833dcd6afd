package io.chorus.api.cpg;

import static io.chorus.api.wire.LittleEndian.allocate;

import io.chorus.api.RingView;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPG library protocol between a client ({@link CpgClient}) and the cpg engine: Chorus's own, carried by
 * any {@link io.chorus.api.client.EngineConnection} (it need not match libqb's; the exec messages between nodes
 * are the ones that must match Corosync). Everything little-endian; a <i>name</i> is {@code u32 length, bytes}
 * and an <i>address</i> is {@code u32 nodeid, u32 pid, u32 reason}. Responses carry the status word first
 * ({@link io.chorus.api.spi.ResponseStatus}); the payloads below follow it.
 *
 * <pre>
 * requests                     body                                           OK payload
 *  0 JOIN                      name                                           -
 *  1 LEAVE                     name                                           -
 *  2 MCAST                     u32 guarantee, u32 length, bytes               -
 *  3 PARTIAL_MCAST             u32 guarantee, u32 type (1 FIRST, 2 CONTINUED,  -
 *                              3 LAST), u32 total length, fragment bytes
 *  4 MEMBERSHIP_GET            name                                           u32 n, n addresses
 *  5 LOCAL_GET                 -                                              u32 nodeid
 *  6 ITERATION                 u32 type (1 NAME_ONLY, 2 ONE_GROUP, 3 ALL),     u32 n, n × (name, u32 nodeid, u32 pid)
 *                              name (ONE_GROUP; else length 0)
 *  7 FLOW_CONTROL_GET          -                                              u32 state (0 DISABLED, 1 ENABLED)
 *
 * callbacks                    body
 *  0 DELIVER                   name, u32 nodeid, u32 pid, u32 length, bytes
 *  1 CONFCHG                   name, u32 n, n addresses (members), u32 n, left, u32 n, joined
 *  2 TOTEM_CONFCHG             u32 ring nodeid, u64 ring seq, u32 n, n × u32 nodeid
 *  3 PARTIAL_DELIVER           name, u32 nodeid, u32 pid, u32 total length, u32 type, fragment bytes
 * </pre>
 *
 * Messages longer than {@link #MAX_ATOMIC_MESSAGE} travel as PARTIAL_MCAST fragments of at most that size (as
 * libcpg does above its max atomic size); the receiving library reassembles them per sender (nodeid, pid), so
 * every frame stays within the IPC and totempg limits of 1 MiB.
 */
public final class CpgProtocol {

    public static final int JOIN = 0;
    public static final int LEAVE = 1;
    public static final int MCAST = 2;
    public static final int PARTIAL_MCAST = 3;
    public static final int MEMBERSHIP_GET = 4;
    public static final int LOCAL_GET = 5;
    public static final int ITERATION = 6;
    public static final int FLOW_CONTROL_GET = 7;

    public static final int CB_DELIVER = 0;
    public static final int CB_CONFCHG = 1;
    public static final int CB_TOTEM_CONFCHG = 2;
    public static final int CB_PARTIAL_DELIVER = 3;

    public static final int PARTIAL_FIRST = 1;
    public static final int PARTIAL_CONTINUED = 2;
    public static final int PARTIAL_LAST = 3;

    /**
     * The largest message sent whole: 1 MiB − 1 KiB, so that an exec MCAST (184 bytes of header), an IPC request
     * and a DELIVER callback all stay within the 1 MiB limits.
     */
    public static final int MAX_ATOMIC_MESSAGE = 1024 * 1024 - 1024;

    /** The largest message a client may send in fragments (what a receiver is prepared to reassemble). */
    public static final int MAX_MESSAGE = 64 * 1024 * 1024;

    /** {@code CPG_MEMBERS_MAX}: membership_get returns at most this many. */
    public static final int MEMBERS_MAX = 128;

    private CpgProtocol() {
    }

    // ---- names and addresses

    public static int nameSize(CpgGroup group) {
        return 4 + (group == null ? 0 : group.length());
    }

    public static void putName(ByteBuffer b, CpgGroup group) {
        if (group == null) {
            b.putInt(0);
        } else {
            group.putCounted(b);
        }
    }

    /**
     * A name as sent by a peer; null for length 0. Longer than CpgGroup.MAX_LENGTH or than the message →
     * IllegalArgumentException.
     */
    public static CpgGroup getName(ByteBuffer b) {
        byte[] bytes = LittleEndian.getCountedBytes(b, CpgGroup.MAX_LENGTH);
        return bytes.length == 0 ? null : CpgGroup.ofTrusted(bytes);
    }

    /** As {@link #getName(ByteBuffer)}, but {@code last} itself when the name is the same (no copy, no hashing). */
    public static CpgGroup getName(ByteBuffer b, CpgGroup last) {
        int p = b.position();
        if (last != null && b.remaining() >= 4 && last.isSpelledAt(b, p + 4, b.getInt(p))) {
            b.position(p + 4 + last.length());
            return last;
        }
        return getName(b);
    }

    public static void putAddresses(ByteBuffer b, List<CpgAddress> list) {
        b.putInt(list.size());
        for (CpgAddress a : list) {
            b.putInt(a.nodeid()).putInt(a.pid()).putInt(a.reason().code());
        }
    }

    public static List<CpgAddress> getAddresses(ByteBuffer b) {
        int n = LittleEndian.getCount(b, Integer.MAX_VALUE, 12);
        List<CpgAddress> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new CpgAddress(b.getInt(), b.getInt(), CpgReason.of(b.getInt())));
        }
        return out;
    }

    // ---- requests

    public static ByteBuffer nameRequest(CpgGroup group) {
        ByteBuffer b = allocate(nameSize(group));
        putName(b, group);
        return b.flip();
    }

    public static ByteBuffer mcastRequest(CpgGuarantee guarantee, ByteBuffer message, int length) {
        return mcastRequest(guarantee, length, message);
    }

    /** An MCAST request of the parts' concatenation ({@code length} bytes in all), copied once. */
    public static ByteBuffer mcastRequest(CpgGuarantee guarantee, int length, ByteBuffer... parts) {
        return LittleEndian.copyOf(LittleEndian.prepend(mcastHeader(guarantee, length), parts));
    }

    /** An MCAST request's header: the message's {@code length} bytes follow it. */
    public static ByteBuffer mcastHeader(CpgGuarantee guarantee, int length) {
        return allocate(8).putInt(guarantee.ordinal()).putInt(length).flip();
    }

    public static ByteBuffer partialRequest(CpgGuarantee guarantee, int type, int total, ByteBuffer fragment) {
        ByteBuffer b = allocate(12 + fragment.remaining());
        b.putInt(guarantee.ordinal()).putInt(type).putInt(total).put(fragment.duplicate());
        return b.flip();
    }

    public static ByteBuffer iterationRequest(CpgIterationType type, CpgGroup group) {
        ByteBuffer b = allocate(4 + nameSize(group));
        b.putInt(type.code());
        putName(b, group);
        return b.flip();
    }

    // ---- callbacks

    /** A DELIVER callback's header; the message's bytes follow it. */
    public static ByteBuffer deliverHeader(CpgGroup group, int nodeid, int pid, int length) {
        ByteBuffer b = allocate(nameSize(group) + 12);
        putName(b, group);
        return b.putInt(nodeid).putInt(pid).putInt(length).flip();
    }

    /** A PARTIAL_DELIVER callback's header; the fragment's bytes follow it. */
    public static ByteBuffer partialDeliverHeader(CpgGroup group, int nodeid, int pid, int total, int type) {
        ByteBuffer b = allocate(nameSize(group) + 16);
        putName(b, group);
        return b.putInt(nodeid).putInt(pid).putInt(total).putInt(type).flip();
    }

    public static ByteBuffer confchgCallback(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left,
            List<CpgAddress> joined) {
        ByteBuffer b = allocate(nameSize(group) + 12 + 12 * (members.size() + left.size() + joined.size()));
        putName(b, group);
        putAddresses(b, members);
        putAddresses(b, left);
        putAddresses(b, joined);
        return b.flip();
    }

    public static ByteBuffer totemConfchgCallback(CpgRingId ring, int[] members) {
        ByteBuffer b = allocate(12 + LittleEndian.countedIntsSize(members));
        b.putInt(ring.nodeid()).putLong(ring.seq());
        return LittleEndian.putCountedInts(b, members).flip();
    }

    /** A TOTEM_CONFCHG's members: at most {@link RingView#MAX_MEMBERS}. */
    public static int[] getMembers(ByteBuffer b) {
        return LittleEndian.getCountedInts(b, RingView.MAX_MEMBERS);
    }
}
