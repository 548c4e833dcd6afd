package io.chorus.samples;

import io.chorus.api.ChorusException;
import io.chorus.api.client.EngineConnection;
import io.chorus.ipc.client.ChorusConnection;
import io.chorus.ipc.client.IpcEngineConnection;
import java.nio.file.Path;

/** Socket lookup and the TRY_AGAIN loop of the quickstart programs. */
public final class Samples {

    /** A call that may be refused with TRY_AGAIN. */
    public interface Call<T> {
        T run() throws ChorusException;
    }

    /** A call with nothing to return. */
    public interface Action {
        void run() throws ChorusException;
    }

    private Samples() {
    }

    /**
     * The executive's socket: {@code -Dchorus.ipc.socket}, else {@code $CHORUS_IPC_SOCKET}, else the
     * distribution's {@code $CHORUS_HOME/data/run/chorus.sock} ({@code CHORUS_HOME} from the environment or
     * {@code -Dchorus.home}, which bin/chorus sets), else the IPC library's default.
     */
    public static Path socket() {
        String p = System.getProperty("chorus.ipc.socket");
        if (blank(p)) {
            p = System.getenv("CHORUS_IPC_SOCKET");
        }
        if (!blank(p)) {
            return Path.of(p);
        }
        String home = System.getenv("CHORUS_HOME");
        if (blank(home)) {
            home = System.getProperty("chorus.home");
        }
        return blank(home) ? ChorusConnection.defaultSocket() : Path.of(home, "data", "run", "chorus.sock");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A connection to {@code engine} on {@link #socket()}. */
    public static EngineConnection connect(String engine) throws ChorusException {
        return IpcEngineConnection.connect(socket(), engine);
    }

    /**
     * Retries {@code call} while it says TRY_AGAIN, as the C programs loop on {@code SA_AIS_ERR_TRY_AGAIN}; the
     * connection's pause lets time pass (a sleep out of process, the simulated ring in tests).
     */
    public static <T> T tryAgain(EngineConnection connection, Call<T> call) throws ChorusException {
        while (true) {
            try {
                return call.run();
            } catch (ChorusException e) {
                if (!e.isTryAgain()) {
                    throw e;
                }
                connection.pause(10);
            }
        }
    }

    public static void tryAgain(EngineConnection connection, Action action) throws ChorusException {
        tryAgain(connection, () -> {
            action.run();
            return null;
        });
    }
}
