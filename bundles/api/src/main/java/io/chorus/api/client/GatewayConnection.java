package io.chorus.api.client;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The in-container {@link EngineConnection}: a session opened through the executive's {@link ClientGateway}
 * with {@link ClientCredentials#IN_CONTAINER} credentials. Answers and callbacks arrive on the ring's event
 * loop and are queued here; callers wait on their own thread.
 *
 * <p>How a caller waits is a {@link Waiter}: {@link #BLOCKING} parks the thread (production). Tests that run
 * executives on a virtual clock, where the caller's thread <em>is</em> the event loop, pass a waiter that runs
 * the simulated network until the condition holds.
 */
public final class GatewayConnection implements EngineConnection, ClientSink {

    /** How a caller waits for something the event loop will do. */
    @FunctionalInterface
    public interface Waiter {
        /**
         * Returns once {@code done} holds, or after {@code timeoutMillis} (negative: no limit). {@code monitor} is
         * notified whenever {@code done} may have changed.
         */
        void await(Object monitor, BooleanSupplier done, long timeoutMillis) throws InterruptedException;
    }

    /** Parks the calling thread on the monitor (the event loop runs elsewhere). */
    public static final Waiter BLOCKING = (monitor, done, timeoutMillis) -> {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(timeoutMillis, 0));
        synchronized (monitor) {
            while (!done.getAsBoolean()) {
                if (timeoutMillis < 0) {
                    monitor.wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
            }
        }
    };

    private final ClientGateway gateway;
    private final Waiter waiter;
    private final ReentrantLock callLock = new ReentrantLock();
    /** Guards the fields below; the sink notifies on it. */
    private final Object monitor = new Object();
    private final ArrayDeque<EngineCallback> callbacks = new ArrayDeque<>();
    private ClientSession session;
    private ByteBuffer response;
    private boolean awaiting;
    private boolean closedByExecutive;
    private boolean closed;

    private GatewayConnection(ClientGateway gateway, Waiter waiter) {
        this.gateway = gateway;
        this.waiter = waiter;
    }

    /** Opens a session with {@code engine} (name or alias); callers block while they wait. */
    public static GatewayConnection open(ClientGateway gateway, String engine) throws ChorusException {
        return open(gateway, engine, BLOCKING);
    }

    public static GatewayConnection open(ClientGateway gateway, String engine, Waiter waiter) throws ChorusException {
        GatewayConnection c = new GatewayConnection(gateway, waiter);
        ClientSession s = gateway.open(engine, ClientCredentials.IN_CONTAINER, c);
        synchronized (c.monitor) {
            c.session = s;
        }
        return c;
    }

    /** The executive's session (its id names this client in the engine's state). */
    public ClientSession session() {
        synchronized (monitor) {
            return session;
        }
    }

    @Override
    public ByteBuffer call(int fn, ByteBuffer body) throws ChorusException {
        callLock.lock();
        try {
            ClientSession s;
            synchronized (monitor) {
                checkUsable();
                s = session;
                awaiting = true;
                response = null;
            }
            // The gateway keeps what it is given (ClientGateway.request): hand it a copy, not the caller's buffer.
            gateway.request(s, fn, body == null ? ByteBuffer.allocate(0) : LittleEndian.copyOf(body));
            try {
                waiter.await(monitor, () -> response != null || closedByExecutive || closed, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChorusException(ChorusError.INTERRUPT);
            }
            ByteBuffer r;
            synchronized (monitor) {
                awaiting = false;
                r = response;
                response = null;
                if (r == null) {
                    checkUsable();
                    throw new ChorusException(ChorusError.TIMEOUT, "no answer to request " + fn);
                }
            }
            ChorusError status = ResponseStatus.read(r);
            if (status != ChorusError.OK) {
                throw new ChorusException(status, "request " + fn);
            }
            return r.position(r.position() + ResponseStatus.SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        } finally {
            callLock.unlock();
        }
    }

    @Override
    public EngineCallback poll(long timeoutMillis) throws ChorusException {
        synchronized (monitor) {
            if (closed) {
                throw new ChorusException(ChorusError.BAD_HANDLE, "handle closed");
            }
        }
        if (timeoutMillis != 0) {
            try {
                waiter.await(monitor, () -> !callbacks.isEmpty() || closedByExecutive || closed, timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChorusException(ChorusError.INTERRUPT);
            }
        }
        synchronized (monitor) {
            EngineCallback cb = callbacks.poll();
            if (cb == null && (closedByExecutive || closed)) {
                checkUsable();
            }
            return cb;
        }
    }

    @Override
    public void pause(long millis) throws ChorusException {
        try {
            waiter.await(monitor, () -> closed, millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ChorusError.INTERRUPT);
        }
    }

    @Override
    public void close() {
        ClientSession s;
        boolean tellGateway;
        synchronized (monitor) {
            if (closed) {
                return;
            }
            closed = true;
            tellGateway = !closedByExecutive; // the executive already cleaned up a session it closed
            s = session;
            monitor.notifyAll();
        }
        if (tellGateway) {
            gateway.close(s);
        }
    }

    private void checkUsable() throws ChorusException {
        if (closed) {
            throw new ChorusException(ChorusError.BAD_HANDLE, "handle closed");
        }
        if (closedByExecutive) {
            throw new ChorusException(ChorusError.LIBRARY, "the executive closed the session");
        }
    }

    // ---- ClientSink: the event loop's side

    @Override
    public void respond(int fn, ByteBuffer answer) {
        ByteBuffer copy = LittleEndian.copyOf(answer);
        synchronized (monitor) {
            if (awaiting && response == null) {
                response = copy;
                monitor.notifyAll();
            }
        }
    }

    @Override
    public void dispatch(int fn, ByteBuffer callback) {
        queue(fn, LittleEndian.copyOf(callback));
    }

    /** Header and data joined in one copy (the default would join, then copy again). */
    @Override
    public void dispatch(int fn, ByteBuffer head, ByteBuffer tail) {
        queue(fn, LittleEndian.copyOf(head, tail));
    }

    private void queue(int fn, ByteBuffer copy) {
        synchronized (monitor) {
            if (!closed) {
                callbacks.add(new EngineCallback(fn, copy));
                monitor.notifyAll();
            }
        }
    }

    @Override
    public void closed() {
        synchronized (monitor) {
            closedByExecutive = true;
            monitor.notifyAll();
        }
    }
}
