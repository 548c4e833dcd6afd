package io.chorus.api.evs;

import static io.chorus.api.wire.LittleEndian.allocate;

import io.chorus.api.RingView;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The EVS library protocol between {@link EvsClient} and the evs engine (Chorus's own, over any
 * {@link io.chorus.api.client.EngineConnection}). Little-endian; <i>groups</i> is {@code u32 n, n × 32-byte key};
 * <i>ids</i> is {@code u32 n, n × u32 nodeid}. Responses start with the status word
 * ({@link io.chorus.api.spi.ResponseStatus}); the payloads below follow it.
 *
 * <pre>
 * requests            body                                         OK payload
 *  0 JOIN             groups                                       -
 *  1 LEAVE            groups                                       -
 *  2 MCAST_JOINED     u32 guarantee, bytes                         -
 *  3 MCAST_GROUPS     u32 guarantee, groups, bytes                 -
 *  4 MEMBERSHIP_GET   -                                            u32 local nodeid, ids
 *
 * callbacks           body
 *  0 DELIVER          u32 nodeid, bytes
 *  1 CONFCHG          ids (members), ids (left), ids (joined)
 * </pre>
 */
public final class EvsProtocol {

    public static final int JOIN = 0;
    public static final int LEAVE = 1;
    public static final int MCAST_JOINED = 2;
    public static final int MCAST_GROUPS = 3;
    public static final int MEMBERSHIP_GET = 4;

    public static final int CB_DELIVER = 0;
    public static final int CB_CONFCHG = 1;

    /** Largest payload: the ring carries 1 MiB; the group list and headers take the rest. */
    public static final int MAX_MESSAGE = 1024 * 1024 - 4096;

    private EvsProtocol() {
    }

    public static int groupsSize(List<EvsGroup> groups) {
        return 4 + EvsGroup.KEY_LENGTH * groups.size();
    }

    public static void putGroups(ByteBuffer b, List<EvsGroup> groups) {
        b.putInt(groups.size());
        for (EvsGroup g : groups) {
            g.putTo(b);
        }
    }

    /** Any number the message holds: the engine answers more than {@link Evs#MAX_GROUPS_PER_CALL} itself. */
    public static List<EvsGroup> getGroups(ByteBuffer b) {
        int n = LittleEndian.getCount(b, Integer.MAX_VALUE, EvsGroup.KEY_LENGTH);
        List<EvsGroup> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] key = new byte[EvsGroup.KEY_LENGTH];
            b.get(key);
            out.add(EvsGroup.ofKey(key));
        }
        return out;
    }

    /** Node ids: at most {@link RingView#MAX_MEMBERS}. */
    public static int[] getIds(ByteBuffer b) {
        return LittleEndian.getCountedInts(b, RingView.MAX_MEMBERS);
    }

    public static ByteBuffer groupsRequest(List<EvsGroup> groups) {
        ByteBuffer b = allocate(groupsSize(groups));
        putGroups(b, groups);
        return b.flip();
    }

    /** The header of MCAST_JOINED (groups null) or MCAST_GROUPS: the message's bytes follow it. */
    public static ByteBuffer mcastHeader(EvsGuarantee guarantee, List<EvsGroup> groups) {
        ByteBuffer b = allocate(4 + (groups == null ? 0 : groupsSize(groups)));
        b.putInt(guarantee.ordinal());
        if (groups != null) {
            putGroups(b, groups);
        }
        return b.flip();
    }

    public static ByteBuffer membershipAnswer(int local, int[] members) {
        ByteBuffer b = allocate(4 + LittleEndian.countedIntsSize(members)).putInt(local);
        return LittleEndian.putCountedInts(b, members).flip();
    }

    /** A DELIVER callback's header (the sender's nodeid); the message's bytes follow it. */
    public static ByteBuffer deliverHeader(int nodeid) {
        return allocate(4).putInt(nodeid).flip();
    }

    public static ByteBuffer confchgCallback(int[] members, int[] left, int[] joined) {
        ByteBuffer b = allocate(12 + 4 * (members.length + left.length + joined.length));
        LittleEndian.putCountedInts(b, members);
        LittleEndian.putCountedInts(b, left);
        LittleEndian.putCountedInts(b, joined);
        return b.flip();
    }
}
