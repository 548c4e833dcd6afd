package io.chorus.executive;

import io.chorus.api.RingView;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.internal.ExecutiveNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The node's executive on one {@link ClusterRing}: the service manager (which registered engines run, per
 * the {@code service { }} stanzas and the default set), exec dispatch on group {@code "a"}, sync v2 on group
 * {@code "sync"} (plus Chorus's resync for engines loaded on a running ring), and admission control.
 *
 * <p>Threads: engine registration and stanza changes may come from any thread (they run on the ring's event
 * loop; a caller off the loop waits for them, so an engine's {@code stop()} has run when
 * {@link #removeEngine} returns). Sessions and requests belong to the event loop. Queries are safe anywhere.
 */
public interface Executive {

    /** An executive on {@code ring}; call {@link #start()} before the ring delivers its first configuration. */
    static Executive create(ClusterRing ring, Executor blockingExecutor) {
        return new ExecutiveNode(ring, blockingExecutor);
    }

    /** Joins groups {@code "a"}, {@code "sync"} and {@code "chorus-sync"} and listens to the token. */
    void start();

    /** Unloads every engine (sessions closed, {@code stop()} called) and leaves the groups. */
    void stop();

    // ---- the service manager

    /** An engine became available (DS bound it, or a test adds it); it runs if selected. */
    void addEngine(ServiceEngine engine);

    /** An engine went away: if it ran, its sessions are closed and it is stopped. */
    void removeEngine(ServiceEngine engine);

    /** Adds or replaces a {@code service { }} stanza, known by {@code key} (its Config Admin pid, say). */
    void putStanza(String key, ServiceStanza stanza);

    void removeStanza(String key);

    /** {@code aisexec { defaultservices }}: whether cmap, cfg, cpg, quorum and votequorum run without a stanza. */
    void defaultServices(boolean enabled);

    /** The engines running now, ascending id. */
    List<EngineInfo> loadedEngines();

    // ---- sessions and requests (event loop)

    /** A client connected to the running engine {@code serviceId}; false when no such engine runs. */
    boolean openSession(int serviceId, ClientSession session);

    /** The client went away: its engine cleans up after it. */
    void closeSession(ClientSession session);

    /**
     * A client request, through admission control (services.md §1.4): when admitted it goes to the engine's
     * {@code request} and the answer is {@link Admission#ACCEPTED}; otherwise the client gets the verdict.
     */
    Admission request(ClientSession session, int fn, ByteBuffer body);

    /**
     * The door clients open sessions through (IPC, the in-container APIs, tests): sessions, requests through
     * admission, refusals answered with their error code.
     */
    io.chorus.api.spi.ClientGateway clientGateway();

    // ---- state

    /** Whether the sync of a regular configuration is running (every flow-controlled request waits). */
    boolean syncInProgress();

    /** Completed sync rounds (regular ones) since start. */
    long completedSyncs();

    /** Completed resync rounds (engines loaded on a running ring) since start. */
    long completedResyncs();

    /** The latest configuration delivered, or null before the first. */
    RingView currentView();

    /** Exec messages dropped because service {@code serviceId} is not loaded here. */
    long droppedMessages(int serviceId);

    /** Counters: {@code runtime.services.<name>.<key>} published by engines, and the executive's own. */
    Map<String, Long> statistics();

    /**
     * Whether this partition may serve requests. Until a quorum provider sets it, every partition is primary
     * (vsftype none); the provider is asked at each admission and each configuration change.
     */
    void primaryProvider(BooleanSupplier isPrimary);

    void addListener(ExecutiveListener listener);

    void removeListener(ExecutiveListener listener);
}
