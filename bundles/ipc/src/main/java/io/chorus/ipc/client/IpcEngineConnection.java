package io.chorus.ipc.client;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.EngineCallback;
import io.chorus.api.client.EngineConnection;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The out-of-process {@link EngineConnection}: a {@link ChorusConnection} to one engine, so service client
 * libraries ({@code io.chorus.api.cpg.CpgClient}, ...) run unchanged outside the container:
 * {@code CpgClient.open(IpcEngineConnection.connect("cpg"), callbacks)}.
 */
public final class IpcEngineConnection implements EngineConnection {

    /** Waiting "forever" for a callback still wakes up now and then to notice a closed handle. */
    private static final Duration FOREVER_SLICE = Duration.ofSeconds(1);

    private final ChorusConnection connection;

    public IpcEngineConnection(ChorusConnection connection) {
        this.connection = connection;
    }

    /** Connects to {@code engine} on the default socket ({@link ChorusConnection#defaultSocket()}). */
    public static IpcEngineConnection connect(String engine) throws ChorusException {
        return new IpcEngineConnection(ChorusConnection.connect(engine));
    }

    public static IpcEngineConnection connect(Path socket, String engine) throws ChorusException {
        return new IpcEngineConnection(ChorusConnection.connect(socket, engine));
    }

    public ChorusConnection connection() {
        return connection;
    }

    @Override
    public ByteBuffer call(int fn, ByteBuffer body) throws ChorusException {
        return connection.call(fn, body);
    }

    @Override
    public void post(int fn, ByteBuffer body) throws ChorusException {
        connection.post(fn, body);
    }

    @Override
    public ByteBuffer callGathering(int fn, ByteBuffer... parts) throws ChorusException {
        return connection.callGathering(fn, parts);
    }

    @Override
    public void postGathering(int fn, ByteBuffer... parts) throws ChorusException {
        connection.postGathering(fn, parts);
    }

    @Override
    public void flush() throws ChorusException {
        connection.flush();
    }

    @Override
    public EngineCallback poll(long timeoutMillis) throws ChorusException {
        if (timeoutMillis >= 0) {
            return connection.poll(Duration.ofMillis(timeoutMillis));
        }
        while (true) {
            EngineCallback cb = connection.poll(FOREVER_SLICE);
            if (cb != null) {
                return cb;
            }
        }
    }

    @Override
    public void pause(long millis) throws ChorusException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ChorusError.INTERRUPT);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
