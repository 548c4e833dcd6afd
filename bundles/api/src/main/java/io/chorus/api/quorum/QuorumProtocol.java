package io.chorus.api.quorum;

import static io.chorus.api.wire.LittleEndian.allocate;

import io.chorus.api.RingView;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The library protocols of the quorum engine (service 3) and the votequorum engine (service 5): Chorus's own,
 * carried by any {@link io.chorus.api.client.EngineConnection}. Little-endian; responses start with the status
 * word ({@link io.chorus.api.spi.ResponseStatus}), the payloads below follow it.
 *
 * <pre>
 * quorum requests        body                    OK payload
 *  0 GETQUORATE          -                       u32 quorate
 *  1 TRACKSTART          u32 flags               -            (CURRENT 1 sends a notification at once)
 *  2 TRACKSTOP           -                       -
 *  3 GETTYPE             -                       u32 type (0 FREE: no provider, 1 SET)
 * quorum callbacks
 *  0 NOTIFY              u32 quorate, u64 ring seq, u32 n, n × u32 nodeid
 *
 * votequorum requests    body                    OK payload
 *  0 GETINFO             u32 nodeid (0: local)   u32 × 8: nodeid, state, votes, expected, highest expected,
 *                                                total votes, quorum, flags
 *  1 SETEXPECTED         u32 expected votes      -
 *  2 SETVOTES            u32 nodeid, u32 votes   -
 *  3 TRACKSTART          u32 flags               -
 *  4 TRACKSTOP           -                       -
 *  5 NODELIST            -                       u32 n, n × u32 × 8 as GETINFO (every node this one knows)
 * votequorum callbacks
 *  0 QUORUM              u32 quorate, u64 ring seq, u32 n, n × (u32 nodeid, u32 state)
 *  1 EXPECTEDVOTES       u32 expected votes
 * </pre>
 */
public final class QuorumProtocol {

    public static final String QUORUM_ENGINE = "quorum";
    public static final String VOTEQUORUM_ENGINE = "votequorum";

    public static final int GETQUORATE = 0;
    public static final int TRACKSTART = 1;
    public static final int TRACKSTOP = 2;
    public static final int GETTYPE = 3;
    public static final int CB_NOTIFY = 0;

    public static final int VQ_GETINFO = 0;
    public static final int VQ_SETEXPECTED = 1;
    public static final int VQ_SETVOTES = 2;
    public static final int VQ_TRACKSTART = 3;
    public static final int VQ_TRACKSTOP = 4;
    public static final int VQ_NODELIST = 5;
    public static final int VQ_CB_QUORUM = 0;
    public static final int VQ_CB_EXPECTEDVOTES = 1;

    /** {@code CS_TRACK_CURRENT}, {@code CS_TRACK_CHANGES}, {@code CS_TRACK_CHANGES_ONLY}. */
    public static final int TRACK_CURRENT = 1;
    public static final int TRACK_CHANGES = 2;
    public static final int TRACK_CHANGES_ONLY = 4;

    public static final int TYPE_FREE = 0;
    public static final int TYPE_SET = 1;

    private QuorumProtocol() {
    }

    public static ByteBuffer notify(boolean quorate, long ringSeq, int[] members) {
        ByteBuffer b = allocate(12 + LittleEndian.countedIntsSize(members)).putInt(quorate ? 1 : 0).putLong(ringSeq);
        return LittleEndian.putCountedInts(b, members).flip();
    }

    /**
     * A NOTIFY's members: at most {@link RingView#MAX_MEMBERS} and no more than the message holds, checked before
     * anything is allocated (IllegalArgumentException).
     */
    static int[] getNodeIds(ByteBuffer b) {
        return LittleEndian.getCountedInts(b, RingView.MAX_MEMBERS);
    }

    public static ByteBuffer quorumCallback(boolean quorate, long ringSeq, List<VotequorumNode> nodes) {
        ByteBuffer b = allocate(16 + 8 * nodes.size()).putInt(quorate ? 1 : 0).putLong(ringSeq).putInt(nodes.size());
        for (VotequorumNode n : nodes) {
            b.putInt(n.nodeId()).putInt(n.state());
        }
        return b.flip();
    }

    public static void putInfo(ByteBuffer b, VotequorumInfo i) {
        b.putInt(i.nodeId()).putInt(i.nodeState()).putInt(i.nodeVotes()).putInt(i.nodeExpectedVotes())
                .putInt(i.highestExpected()).putInt(i.totalVotes()).putInt(i.quorum()).putInt(i.flags());
    }

    public static VotequorumInfo getInfo(ByteBuffer b) {
        return new VotequorumInfo(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                b.getInt());
    }

    public static ByteBuffer info(VotequorumInfo i) {
        ByteBuffer b = allocate(32);
        putInfo(b, i);
        return b.flip();
    }

    public static ByteBuffer infos(List<VotequorumInfo> infos) {
        ByteBuffer b = allocate(4 + 32 * infos.size()).putInt(infos.size());
        infos.forEach(i -> putInfo(b, i));
        return b.flip();
    }

    public static List<VotequorumInfo> getInfos(ByteBuffer b) {
        int n = LittleEndian.getCount(b, Integer.MAX_VALUE, 32);
        List<VotequorumInfo> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(getInfo(b));
        }
        return out;
    }
}
