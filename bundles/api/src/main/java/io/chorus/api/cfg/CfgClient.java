package io.chorus.api.cfg;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/** The CFG client library: {@link Cfg} over an {@link EngineConnection} (in-container or IPC). */
public final class CfgClient implements Cfg {

    private final EngineConnection connection;
    private volatile CfgCallbacks callbacks;
    private final CallbackLoop loop;
    private volatile boolean closed;

    private CfgClient(EngineConnection connection) {
        this.connection = connection;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /** {@code corosync_cfg_initialize} on an open connection to the {@code cfg} engine; the handle owns it. */
    public static Cfg open(EngineConnection connection) {
        return new CfgClient(Objects.requireNonNull(connection));
    }

    private interface Decoder<T> {
        T decode() throws BufferUnderflowException, IllegalArgumentException;
    }

    private static <T> T decode(Decoder<T> d) throws ChorusException {
        try {
            return d.decode();
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed cfg response: " + e);
        }
    }

    @Override
    public List<CfgRing> ringStatus() throws ChorusException {
        ByteBuffer r = connection.call(CfgProtocol.RING_STATUS_GET, null);
        return decode(() -> CfgProtocol.getRings(r));
    }

    @Override
    public void ringReenable() throws ChorusException {
        connection.call(CfgProtocol.RING_REENABLE, null);
    }

    @Override
    public int localNodeId() throws ChorusException {
        ByteBuffer r = connection.call(CfgProtocol.LOCAL_GET, null);
        return decode(r::getInt);
    }

    @Override
    public List<String> localAddresses() throws ChorusException {
        return ringStatus().stream().map(CfgRing::address).toList();
    }

    @Override
    public int[] members() throws ChorusException {
        ByteBuffer r = connection.call(CfgProtocol.MEMBERS_GET, null);
        return decode(() -> CfgProtocol.getNodeIds(r));
    }

    @Override
    public void killNode(int nodeId, String reason) throws ChorusException {
        connection.call(CfgProtocol.KILL_NODE, CfgProtocol.killNode(nodeId, reason));
    }

    @Override
    public void tryShutdown(CfgShutdownFlag flag) throws ChorusException {
        connection.call(CfgProtocol.TRY_SHUTDOWN, LittleEndian.ints(flag.code()));
    }

    @Override
    public void replyToShutdown(boolean yes) throws ChorusException {
        connection.call(CfgProtocol.REPLY_TO_SHUTDOWN, LittleEndian.ints(yes ? 1 : 0));
    }

    @Override
    public void trackStart(CfgCallbacks cb) throws ChorusException {
        this.callbacks = Objects.requireNonNull(cb);
        connection.call(CfgProtocol.TRACK_START, null);
    }

    @Override
    public void trackStop() throws ChorusException {
        connection.call(CfgProtocol.TRACK_STOP, null);
    }

    @Override
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    /**
     * Runs one callback (a shutdown request counts even when tracking stopped meanwhile); false for a callback
     * this library does not know (a newer engine's).
     */
    private boolean run(EngineCallback cb) throws ChorusException {
        if (cb.fn() != CfgProtocol.CB_SHUTDOWN) {
            return false;
        }
        ByteBuffer b = cb.body();
        int node = decode(b::getInt);
        CfgShutdownFlag f = decode(() -> CfgShutdownFlag.of(b.getInt()));
        CfgCallbacks c = callbacks;
        if (c != null) {
            c.shutdown(node, f);
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }
}
