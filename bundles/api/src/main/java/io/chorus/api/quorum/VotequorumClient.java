package io.chorus.api.quorum;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The votequorum client library over an {@link EngineConnection} to the votequorum engine. */
public final class VotequorumClient implements AutoCloseable {

    private final EngineConnection connection;
    private final VotequorumCallbacks callbacks;
    private final CallbackLoop loop;
    private volatile boolean closed;

    private VotequorumClient(EngineConnection connection, VotequorumCallbacks callbacks) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /** The handle owns {@code connection}; {@code callbacks} may be null when the caller never tracks. */
    public static VotequorumClient open(EngineConnection connection, VotequorumCallbacks callbacks) {
        return new VotequorumClient(Objects.requireNonNull(connection), callbacks);
    }

    /** {@code votequorum_getinfo}; nodeid 0 means this node. NOT_EXIST for a node this one never heard of. */
    public VotequorumInfo getInfo(int nodeId) throws ChorusException {
        ByteBuffer r = connection.call(QuorumProtocol.VQ_GETINFO, LittleEndian.ints(nodeId));
        try {
            return QuorumProtocol.getInfo(r);
        } catch (BufferUnderflowException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "short getinfo answer");
        }
    }

    /** Every node this one knows (members and dead ones), ascending nodeid: what {@code quorumtool -l} lists. */
    public List<VotequorumInfo> nodes() throws ChorusException {
        ByteBuffer r = connection.call(QuorumProtocol.VQ_NODELIST, null);
        try {
            return QuorumProtocol.getInfos(r);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed nodelist answer: " + e);
        }
    }

    /** Cluster-wide: every node adopts {@code expected} (INVALID_PARAM below the votes present, as C). */
    public void setExpected(int expected) throws ChorusException {
        connection.call(QuorumProtocol.VQ_SETEXPECTED, LittleEndian.ints(expected));
    }

    /** Cluster-wide: node {@code nodeId} (0: this one) now has {@code votes}. */
    public void setVotes(int nodeId, int votes) throws ChorusException {
        connection.call(QuorumProtocol.VQ_SETVOTES, LittleEndian.ints(nodeId, votes));
    }

    public void trackStart(int flags) throws ChorusException {
        connection.call(QuorumProtocol.VQ_TRACKSTART, LittleEndian.ints(flags));
    }

    public void trackStop() throws ChorusException {
        connection.call(QuorumProtocol.VQ_TRACKSTOP, null);
    }

    /** Runs callbacks as {@link DispatchFlag} says ({@link CallbackLoop}); returns how many ran. */
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    /**
     * Runs one callback (a known one counts even without {@code callbacks} to tell); false for a callback this
     * library does not know (a newer engine's).
     */
    private boolean run(EngineCallback cb) throws ChorusException {
        ByteBuffer b = LittleEndian.view(cb.body());
        try {
            switch (cb.fn()) {
                case QuorumProtocol.VQ_CB_QUORUM -> {
                    boolean quorate = b.getInt() != 0;
                    long seq = b.getLong();
                    int count = LittleEndian.getCount(b, Integer.MAX_VALUE, 8); // u32 nodeid, u32 state
                    List<VotequorumNode> nodes = new ArrayList<>(count);
                    for (int k = 0; k < count; k++) {
                        nodes.add(new VotequorumNode(b.getInt(), b.getInt()));
                    }
                    if (callbacks != null) {
                        callbacks.quorum(quorate, seq, nodes);
                    }
                    return true;
                }
                case QuorumProtocol.VQ_CB_EXPECTEDVOTES -> {
                    int expected = b.getInt();
                    if (callbacks != null) {
                        callbacks.expectedVotes(expected);
                    }
                    return true;
                }
                default -> {
                    return false;
                }
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed votequorum callback: " + e);
        }
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }
}
