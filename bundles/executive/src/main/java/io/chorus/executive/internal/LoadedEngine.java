package io.chorus.executive.internal;

import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.api.spi.SyncParticipant;
import java.util.LinkedHashSet;
import java.util.Set;

/** One running engine: the engine, its context, its sync participant and the sessions of its clients. */
final class LoadedEngine {

    final ServiceEngine engine;
    final EngineInfo info;
    final EngineContextImpl context;
    final Set<ClientSession> sessions = new LinkedHashSet<>();
    SyncParticipant participant;

    LoadedEngine(ServiceEngine engine, EngineInfo info, EngineContextImpl context) {
        this.engine = engine;
        this.info = info;
        this.context = context;
    }
}
