package io.chorus.cpg.internal;

import static io.chorus.api.wire.LittleEndian.allocate;

import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Corosync 3.1.7's CPG exec messages (service 2, group "a"; corosync-wire.md §1.11), byte for byte. The
 * executive writes and strips the 16-byte exec header, so the offsets here are <em>body</em> offsets: the
 * document's offset minus 16. Every u32 sits in an 8-byte slot (libqb's {@code aligned(8)} members); padding
 * is zeroed on send and never read, since C nodes leave garbage in it.
 *
 * <pre>
 * mar_cpg_name_t (136)   0 u32 length, 8 char value[128] (zero-filled after the name): LittleEndian.CPG_NAME
 * PROCJOIN/PROCLEAVE     0 name, 136 u32 pid, 144 u32 reason                         body 152, message 168
 * JOINLIST               0 i32 error = 0, then k × {0 u32 pid, 8 name}               body 8 + 144k
 * MCAST                  0 name, 136 u32 msglen, 144 u32 pid, 152 source {u32 nodeid, 160 u64 conn}, 168 data
 * DOWNLIST               0 u32 old_members, 8 u32 left_nodes, 16 u32 nodeids[384]     body 1552, message 1568
 * PARTIAL_MCAST          0 name, 136 u32 msglen (total), 144 u32 fraglen, 152 u32 pid, 160 u32 type,
 *                        168 source {u32 nodeid, 176 u64 conn}, 184 data
 * </pre>
 */
final class CpgWire {

    static final int SERVICE_ID = 2;

    static final int PROCJOIN = 0;
    static final int PROCLEAVE = 1;
    static final int JOINLIST = 2;
    static final int MCAST = 3;
    static final int DOWNLIST_OLD = 4;
    static final int DOWNLIST = 5;
    static final int PARTIAL_MCAST = 6;

    static final int NAME_SIZE = LittleEndian.CPG_NAME.size();
    static final int JOINLEAVE_BODY = 152;
    static final int JOINLIST_HEADER = 8;
    static final int JOINLIST_ENTRY = 8 + NAME_SIZE;
    static final int MCAST_HEADER = 168;
    static final int PARTIAL_HEADER = 184;
    /** PROCESSOR_COUNT_MAX of Debian's build: the size of DOWNLIST's nodeid array. */
    static final int DOWNLIST_NODES = io.chorus.api.RingView.MAX_MEMBERS;
    static final int DOWNLIST_BODY = 16 + 4 * DOWNLIST_NODES;

    private CpgWire() {
    }

    // ---- encoders (absolute puts: the buffer arrives zeroed, so padding is zero)

    static void putName(ByteBuffer b, int offset, CpgGroup group) {
        group.putFixed(b, offset);
    }

    /** PROCJOIN or PROCLEAVE body (the reason says which it is to C nodes' logs; fn says what it does). */
    static ByteBuffer joinLeave(CpgGroup group, int pid, int reason) {
        ByteBuffer b = allocate(JOINLEAVE_BODY);
        putName(b, 0, group);
        b.putInt(136, pid).putInt(144, reason);
        return b;
    }

    /** One JOINLIST body: {@code entries} are this node's (pid, group) pairs. */
    static ByteBuffer joinList(List<ProcessTable.Entry> entries) {
        ByteBuffer b = allocate(JOINLIST_HEADER + JOINLIST_ENTRY * entries.size());
        int off = JOINLIST_HEADER;
        for (ProcessTable.Entry e : entries) {
            b.putInt(off, e.pid());
            putName(b, off + 8, e.group());
            off += JOINLIST_ENTRY;
        }
        return b;
    }

    /** The MCAST header; the data follows as a second buffer so large messages are not copied twice. */
    static ByteBuffer mcastHeader(CpgGroup group, int msglen, int pid, int nodeid) {
        ByteBuffer b = allocate(MCAST_HEADER);
        putName(b, 0, group);
        b.putInt(136, msglen).putInt(144, pid).putInt(152, nodeid);
        return b; // conn (160) stays 0: it is a pointer that means something only on its own node
    }

    static ByteBuffer partialHeader(CpgGroup group, int total, int fraglen, int pid, int type, int nodeid) {
        ByteBuffer b = allocate(PARTIAL_HEADER);
        putName(b, 0, group);
        b.putInt(136, total).putInt(144, fraglen).putInt(152, pid).putInt(160, type).putInt(168, nodeid);
        return b;
    }

    static ByteBuffer downlist(int oldMembers, int[] left) {
        ByteBuffer b = allocate(DOWNLIST_BODY);
        int n = Math.min(left.length, DOWNLIST_NODES);
        b.putInt(0, oldMembers).putInt(8, n);
        for (int i = 0; i < n; i++) {
            b.putInt(16 + 4 * i, left[i]);
        }
        return b;
    }

    // ---- decoders (relative to the body's position; throw MalformedException on anything short or absurd)

    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    static int u32(ByteBuffer body, int offset) throws MalformedException {
        if (offset + 4 > body.remaining()) {
            throw new MalformedException("needs " + (offset + 4) + " bytes, has " + body.remaining());
        }
        return body.getInt(body.position() + offset);
    }

    /** As {@link #name(ByteBuffer, int)}, but {@code last} itself when the name is the same (no copy, no hashing). */
    static CpgGroup name(ByteBuffer body, int offset, CpgGroup last) throws MalformedException {
        int at = body.position() + offset;
        if (last != null && at >= 0 && at <= body.limit() - LittleEndian.CPG_NAME.valueOffset()
                && last.isSpelledAt(body, at + LittleEndian.CPG_NAME.valueOffset(), body.getInt(at))) {
            return last;
        }
        return name(body, offset);
    }

    static CpgGroup name(ByteBuffer body, int offset) throws MalformedException {
        u32(body, offset); // the length is there
        byte[] bytes;
        try {
            bytes = LittleEndian.getFixedName(body, body.position() + offset, LittleEndian.CPG_NAME);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("group " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new MalformedException("group name length 0");
        }
        return CpgGroup.ofTrusted(bytes);
    }

    /** {@code length} bytes at {@code offset}, a view (valid only during delivery). */
    static ByteBuffer data(ByteBuffer body, int offset, int length) throws MalformedException {
        if (length < 0 || offset + (long) length > body.remaining()) {
            throw new MalformedException("data of " + Integer.toUnsignedString(length) + " bytes at " + offset
                    + " overruns a " + body.remaining() + "-byte message");
        }
        return body.slice(body.position() + offset, length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
