package io.chorus.executive;

import io.chorus.api.RingView;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineInfo;
import java.util.List;

/** What the executive tells the rest of the node (IPC, shell, CMAP). Called on the ring's event loop. */
public interface ExecutiveListener {

    default void engineLoaded(EngineInfo engine) {
    }

    /** The engine stopped; {@code sessions} were its clients' sessions, now closed (answer them ERR_LIBRARY). */
    default void engineUnloaded(EngineInfo engine, List<ClientSession> sessions) {
    }

    /** Sync of {@code view} completed: the node provides service again. */
    default void syncCompleted(RingView view) {
    }
}
