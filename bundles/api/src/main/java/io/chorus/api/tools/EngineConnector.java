package io.chorus.api.tools;

import io.chorus.api.ChorusException;
import io.chorus.api.client.EngineConnection;

/** How a tool reaches the engines of one node: over its IPC socket, or through the in-container gateway. */
@FunctionalInterface
public interface EngineConnector {

    EngineConnection open(String engine) throws ChorusException;

    /** Corosync's way of naming an error: {@code CS_ERR_NOT_EXIST}. */
    static String csError(ChorusException e) {
        return "CS_ERR_" + e.error().name();
    }
}
