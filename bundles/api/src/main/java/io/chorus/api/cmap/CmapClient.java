package io.chorus.api.cmap;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.CallbackLoop;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.wire.LittleEndian;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The cmap client library over an {@link EngineConnection} to the cmap engine. */
public final class CmapClient implements AutoCloseable {

    private final EngineConnection connection;
    private final Map<Long, CmapTrackListener> listeners = new ConcurrentHashMap<>();
    private final CallbackLoop loop;
    private volatile boolean closed;

    private CmapClient(EngineConnection connection) {
        this.connection = connection;
        this.loop = new CallbackLoop(connection, () -> closed, this::run);
    }

    /** The handle owns {@code connection}. */
    public static CmapClient open(EngineConnection connection) {
        return new CmapClient(Objects.requireNonNull(connection));
    }

    /** NOT_EXIST (as a {@link ChorusException}) when the key is absent. */
    public CmapValue get(String key) throws ChorusException {
        ByteBuffer r = connection.call(CmapProtocol.GET, CmapProtocol.key(key));
        return decode(() -> CmapProtocol.getValue(r));
    }

    public void set(String key, CmapValue value) throws ChorusException {
        if (key.isEmpty() || key.length() > CmapProtocol.KEYNAME_MAXLEN) {
            throw new ChorusException(ChorusError.NAME_TOO_LONG, key);
        }
        connection.call(CmapProtocol.SET, CmapProtocol.keyValue(key, Objects.requireNonNull(value)));
    }

    public void delete(String key) throws ChorusException {
        connection.call(CmapProtocol.DELETE, CmapProtocol.key(key));
    }

    /** Every key starting with {@code prefix} ("" for all), ascending. */
    public SortedMap<String, CmapValue> iterate(String prefix) throws ChorusException {
        ByteBuffer r = connection.call(CmapProtocol.ITER, CmapProtocol.key(prefix));
        return decode(() -> {
            SortedMap<String, CmapValue> out = new TreeMap<>();
            int n = r.getInt();
            for (int i = 0; i < n; i++) {
                out.put(CmapProtocol.getKey(r), CmapProtocol.getValue(r));
            }
            return out;
        });
    }

    /** {@code cmap_track_add}: flags ADD 4 | DELETE 1 | MODIFY 2 | PREFIX 8; notifications come with dispatch. */
    public long trackAdd(String key, int flags, CmapTrackListener listener) throws ChorusException {
        ByteBuffer body = LittleEndian.allocate(CmapProtocol.keySize(key) + 4);
        CmapProtocol.putKey(body, key);
        body.putInt(flags).flip();
        long handle;
        // The handle must be known before the first notification is dispatched.
        synchronized (listeners) {
            ByteBuffer r = connection.call(CmapProtocol.TRACK_ADD, body);
            handle = decode(r::getLong);
            listeners.put(handle, Objects.requireNonNull(listener));
        }
        return handle;
    }

    public void trackDelete(long handle) throws ChorusException {
        connection.call(CmapProtocol.TRACK_DELETE, LittleEndian.allocate(8).putLong(handle).flip());
        listeners.remove(handle);
    }

    /** Runs track notifications as {@link DispatchFlag} says ({@link CallbackLoop}); returns how many ran. */
    public int dispatch(DispatchFlag flag) throws ChorusException {
        return loop.dispatch(flag);
    }

    /**
     * Runs one notification (it counts even when its track was deleted meanwhile); false for a callback this
     * library does not know (a newer engine's).
     */
    private boolean run(EngineCallback cb) throws ChorusException {
        if (cb.fn() != CmapProtocol.CB_NOTIFY) {
            return false;
        }
        ByteBuffer b = LittleEndian.view(cb.body());
        decode(() -> {
            long handle = b.getLong();
            int event = b.getInt();
            String key = CmapProtocol.getKey(b);
            CmapValue nv = CmapProtocol.getValue(b);
            CmapValue ov = CmapProtocol.getValue(b);
            CmapTrackListener l;
            synchronized (listeners) {
                l = listeners.get(handle);
            }
            if (l != null) {
                l.changed(handle, event, key, nv, ov);
            }
            return null;
        });
        return true;
    }

    @Override
    public void close() {
        closed = true;
        connection.close();
    }

    private interface Body<T> {
        T read();
    }

    private static <T> T decode(Body<T> body) throws ChorusException {
        try {
            return body.read();
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ChorusException(ChorusError.MESSAGE_ERROR, "malformed cmap answer: " + e.getMessage());
        }
    }
}
