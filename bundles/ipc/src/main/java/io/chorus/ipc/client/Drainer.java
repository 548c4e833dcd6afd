package io.chorus.ipc.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per process that keeps idle handles read: every {@link #PERIOD_MILLIS} (every
 * {@link #STREAMING_PERIOD_NANOS} while data streams in unread) it visits each open {@link ChorusConnection} and,
 * when none of the program's threads read it since the last visit, writes what the handle has corked (without
 * waiting) and moves what its socket holds into the handle's callback queue. The handles themselves have no thread (their callers read on
 * their own thread, which keeps a call to one wake-up); this is the safety net for programs that stop reading
 * for a while (slow callbacks, a pause between bursts) while the executive keeps sending.
 *
 * <p>It queues no more than {@link #MAX_QUEUED_CALLBACK_BYTES} per handle: past that it leaves the socket alone
 * until the program dispatches, so a program that stopped dispatching for good holds a bounded amount, and the
 * executive's own outbound bound (slowing the client's requests, then disconnecting it) applies beyond it.
 */
final class Drainer {

    static final long PERIOD_MILLIS = 5;
    /** The visit period while some handle's program lets data stream in unread. */
    static final long STREAMING_PERIOD_NANOS = 200_000;
    /**
     * Callback bytes a handle's queue holds at most by the drainer's reads: enough to bridge a pause in a program
     * that streams, whose messages the executive had already accepted (Totem's send queue, 4 MiB, and the requests it
     * holds for a full queue, up to 8 MiB) and delivers back while the program pauses, with every other member's
     * messages; past it, the executive's own 8 MiB outbound bound.
     */
    static final long MAX_QUEUED_CALLBACK_BYTES = 32L << 20;

    private static final Set<ChorusConnection> CONNECTIONS = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    private Drainer() {
    }

    static void add(ChorusConnection c) {
        CONNECTIONS.add(c);
        synchronized (Drainer.class) {
            if (thread == null) {
                thread = new Thread(Drainer::run, "chorus-ipc-drainer");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** Stops visiting {@code c} (tests that need a cork to stay put while they look at it). */
    static void remove(ChorusConnection c) {
        CONNECTIONS.remove(c);
    }

    private static void run() {
        boolean streaming = false;
        while (true) {
            // While some handle receives data its program does not read, come back at once (the socket's buffer is
            // a few hundred KiB, an executive may send faster than that per period); otherwise every period.
            LockSupport.parkNanos(streaming ? STREAMING_PERIOD_NANOS : TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            if (Thread.interrupted()) {
                return;
            }
            streaming = false;
            for (ChorusConnection c : CONNECTIONS) {
                int outcome;
                try {
                    outcome = c.drainIfIdle();
                } catch (RuntimeException | Error e) {
                    outcome = -1;  // one handle's failure must not end the thread that serves all of them
                }
                if (outcome < 0) {
                    CONNECTIONS.remove(c);
                }
                streaming |= outcome > 0;
            }
        }
    }
}
