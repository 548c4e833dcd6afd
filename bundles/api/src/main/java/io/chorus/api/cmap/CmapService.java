package io.chorus.api.cmap;

import io.chorus.api.ChorusException;

/** In-container access to the cmap engine (a session through the executive's gateway, as over IPC). */
public interface CmapService {

    CmapClient open() throws ChorusException;
}
