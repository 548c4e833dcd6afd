package io.chorus.api.cfg;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/** The CFG client library: {@link Cfg} over an {@link EngineConnection} (in-container or IPC). */
public final class CfgClient implements Cfg {

    private final EngineConnection connection;
    private volatile CfgCallbacks callbacks;

    private CfgClient(EngineConnection connection) {
        this.connection = connection;
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
        connection.call(CfgProtocol.TRY_SHUTDOWN, CfgProtocol.u32(flag.code()));
    }

    @Override
    public void replyToShutdown(boolean yes) throws ChorusException {
        connection.call(CfgProtocol.REPLY_TO_SHUTDOWN, CfgProtocol.u32(yes ? 1 : 0));
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
    public void dispatch(DispatchFlag flag) throws ChorusException {
        boolean first = true;
        while (true) {
            long wait = switch (flag) {
                case ONE -> first ? -1 : 0;
                case BLOCKING -> -1;
                case ALL, ONE_NONBLOCKING -> 0;
            };
            if (!first && (flag == DispatchFlag.ONE || flag == DispatchFlag.ONE_NONBLOCKING)) {
                return;
            }
            EngineCallback cb = connection.poll(wait);
            if (cb == null) {
                return;
            }
            first = false;
            CfgCallbacks c = callbacks;
            if (cb.fn() == CfgProtocol.CB_SHUTDOWN && c != null) {
                ByteBuffer b = cb.body();
                int node = decode(b::getInt);
                CfgShutdownFlag f = decode(() -> CfgShutdownFlag.of(b.getInt()));
                c.shutdown(node, f);
            }
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
