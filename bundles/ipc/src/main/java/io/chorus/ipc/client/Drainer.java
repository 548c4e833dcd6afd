package io.chorus.ipc.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per process that keeps idle handles read: every {@link #PERIOD_MILLIS} it visits each open
 * {@link ChorusConnection} and, when none of the program's threads read it since the last visit, moves what its
 * socket holds into the handle's callback queue. The handles themselves have no thread (their callers read on
 * their own thread, which keeps a call to one wake-up); this is the safety net for programs that stop reading
 * for a while (slow callbacks, a pause between bursts) while the executive keeps sending.
 */
final class Drainer {

    static final long PERIOD_MILLIS = 5;

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

    private static void run() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            CONNECTIONS.removeIf(c -> !c.drainIfIdle());
        }
    }
}
