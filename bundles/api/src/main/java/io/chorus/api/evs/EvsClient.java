package io.chorus.api.evs;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/** The EVS client library: {@link Evs} over an {@link EngineConnection} speaking {@link EvsProtocol}. */
public final class EvsClient implements Evs {

    private final EngineConnection connection;
    private final EvsCallbacks callbacks;
    private final CallbackLoop loop;
    private volatile boolean closed;
    private Thread dispatchThread;

    private EvsClient(EngineConnection connection, EvsCallbacks callbacks) {
        this.connection = connection;
        this.callbacks = callbacks;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /** {@code evs_initialize} on an open connection to the {@code evs} engine; the handle owns the connection. */
    public static Evs open(EngineConnection connection, EvsCallbacks callbacks) {
        return new EvsClient(Objects.requireNonNull(connection), Objects.requireNonNull(callbacks));
    }

    @Override
    public void join(List<EvsGroup> groups) throws ChorusException {
        connection.call(EvsProtocol.JOIN, EvsProtocol.groupsRequest(checkCount(groups)));
    }

    @Override
    public void leave(List<EvsGroup> groups) throws ChorusException {
        connection.call(EvsProtocol.LEAVE, EvsProtocol.groupsRequest(checkCount(groups)));
    }

    /** Checked here too so that a long list is refused before it is encoded and sent. */
    private static List<EvsGroup> checkCount(List<EvsGroup> groups) throws ChorusException {
        if (groups.size() > MAX_GROUPS_PER_CALL) {
            throw new ChorusException(ChorusError.TOO_MANY_GROUPS, groups.size() + " groups (at most "
                    + MAX_GROUPS_PER_CALL + ")");
        }
        return groups;
    }

    @Override
    public void mcastJoined(EvsGuarantee guarantee, ByteBuffer... message) throws ChorusException {
        connection.callGathering(EvsProtocol.MCAST_JOINED, joinedRequest(guarantee, message));
    }

    @Override
    public void mcastGroups(EvsGuarantee guarantee, List<EvsGroup> groups, ByteBuffer... message)
            throws ChorusException {
        connection.callGathering(EvsProtocol.MCAST_GROUPS, groupsRequest(guarantee, groups, message));
    }

    @Override
    public void mcastPipelined(EvsGuarantee guarantee, ByteBuffer... message) throws ChorusException {
        connection.postGathering(EvsProtocol.MCAST_JOINED, joinedRequest(guarantee, message));
    }

    @Override
    public void mcastGroupsPipelined(EvsGuarantee guarantee, List<EvsGroup> groups, ByteBuffer... message)
            throws ChorusException {
        connection.postGathering(EvsProtocol.MCAST_GROUPS, groupsRequest(guarantee, groups, message));
    }

    /** The request as its header and the caller's buffers, which the connection copies once, as it sends. */
    private static ByteBuffer[] joinedRequest(EvsGuarantee guarantee, ByteBuffer[] message) throws ChorusException {
        checkSize(message);
        return LittleEndian.prepend(EvsProtocol.mcastHeader(guarantee, null), message);
    }

    private static ByteBuffer[] groupsRequest(EvsGuarantee guarantee, List<EvsGroup> groups, ByteBuffer[] message)
            throws ChorusException {
        checkSize(message);
        return LittleEndian.prepend(EvsProtocol.mcastHeader(guarantee, checkCount(groups)), message);
    }

    @Override
    public void flush() throws ChorusException {
        connection.flush();
    }

    /** TOO_BIG when the message's parts together exceed {@link EvsProtocol#MAX_MESSAGE}. */
    private static void checkSize(ByteBuffer[] message) throws ChorusException {
        long total = 0;
        for (ByteBuffer b : message) {
            total += b.remaining();
        }
        if (total > EvsProtocol.MAX_MESSAGE) {
            throw new ChorusException(ChorusError.TOO_BIG, total + " bytes (at most " + EvsProtocol.MAX_MESSAGE + ")");
        }
    }

    @Override
    public EvsMembership membershipGet() throws ChorusException {
        ByteBuffer r = connection.call(EvsProtocol.MEMBERSHIP_GET, null);
        try {
            return new EvsMembership(r.getInt(), EvsProtocol.getIds(r));
        } catch (RuntimeException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed EVS answer: " + e);
        }
    }

    @Override
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    /** Runs one callback; false for a callback this library does not know (a newer engine's). */
    private boolean run(EngineCallback cb) throws ChorusException {
        ByteBuffer b = cb.body();
        try {
            switch (cb.fn()) {
                case EvsProtocol.CB_DELIVER -> {
                    int nodeid = b.getInt();
                    callbacks.deliver(nodeid, b.slice().asReadOnlyBuffer());
                    return true;
                }
                case EvsProtocol.CB_CONFCHG -> {
                    callbacks.confchg(EvsProtocol.getIds(b), EvsProtocol.getIds(b), EvsProtocol.getIds(b));
                    return true;
                }
                default -> {
                    return false;
                }
            }
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed EVS callback " + cb.fn() + ": " + e);
        }
    }

    @Override
    public synchronized void startDispatchThread() throws ChorusException {
        if (dispatchThread != null) {
            throw new ChorusException(ChorusError.EXIST, "dispatch thread already running");
        }
        dispatchThread = new Thread(() -> {
            try {
                dispatch(DispatchFlag.BLOCKING);
            } catch (ChorusException e) {
                // the executive went away: nothing left to dispatch
            }
        }, "chorus-evs-dispatch");
        dispatchThread.setDaemon(true);
        dispatchThread.start();
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }
}
