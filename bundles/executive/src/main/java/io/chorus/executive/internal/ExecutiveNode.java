package io.chorus.executive.internal;

import io.chorus.api.RingView;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.Executive;
import io.chorus.executive.ExecutiveListener;
import io.chorus.executive.wire.ResyncMessages;
import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.RingId;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Executive} of one node: routes the ring's three groups to exec dispatch, sync and resync, passes
 * configuration changes to the engines and then to sync, and loads and unloads engines for the service
 * manager. Only wiring and engine lifecycle live here; each protocol has its own class.
 */
public final class ExecutiveNode implements Executive, TotemPgListener, ServiceManager.Loader,
        SyncEngine.Completion {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.main");
    private static final long OFF_LOOP_WAIT_SECONDS = 30;

    private final ClusterRing ring;
    private final SessionGateway gateway;
    private final Executor blocking;
    private final EngineTable engines = new EngineTable();
    private final ExecDispatcher dispatcher = new ExecDispatcher(engines);
    private final SyncEngine sync;
    private final ResyncEngine resync;
    private final AdmissionControl admission;
    private final ServiceManager manager = new ServiceManager(this);
    private final Map<String, Long> statistics = new ConcurrentHashMap<>();
    private final List<ExecutiveListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<ClientSession, LoadedEngine> sessions = new java.util.IdentityHashMap<>();
    private final Runnable onToken = this::onToken;
    private volatile RingView view;

    public ExecutiveNode(ClusterRing ring, Executor blockingExecutor) {
        this.ring = ring;
        this.gateway = new SessionGateway(this, ring);
        this.blocking = blockingExecutor;
        this.sync = new SyncEngine(ring, engines, this);
        this.resync = new ResyncEngine(ring, engines);
        this.admission = new AdmissionControl(ring, engines, sync, resync);
    }

    @Override
    public void start() {
        onLoop(() -> {
            ring.join(TotemPgGroup.A, this);
            ring.join(TotemPgGroup.SYNC, this);
            ring.join(ResyncMessages.GROUP, this);
            ring.addTokenListener(onToken);
        });
    }

    @Override
    public void stop() {
        onLoop(() -> {
            manager.stopAll();
            ring.removeTokenListener(onToken);
            ring.leave(ResyncMessages.GROUP);
            ring.leave(TotemPgGroup.SYNC);
            ring.leave(TotemPgGroup.A);
        });
    }

    // ---- service manager

    @Override
    public void addEngine(ServiceEngine engine) {
        onLoop(() -> manager.register(engine));
    }

    @Override
    public void removeEngine(ServiceEngine engine) {
        onLoop(() -> manager.unregister(engine));
    }

    @Override
    public void putStanza(String key, ServiceStanza stanza) {
        onLoop(() -> manager.putStanza(key, stanza));
    }

    @Override
    public void removeStanza(String key) {
        onLoop(() -> manager.removeStanza(key));
    }

    @Override
    public void defaultServices(boolean enabled) {
        onLoop(() -> manager.defaultServices(enabled));
    }

    @Override
    public List<EngineInfo> loadedEngines() {
        return engines.infos();
    }

    @Override
    public boolean load(ServiceEngine engine, Map<String, String> stanzaKeys) {
        EngineInfo info = engine.info();
        EngineContextImpl context = new EngineContextImpl(info, ring, admission, () -> view, blocking, stanzaKeys,
                statistics);
        LoadedEngine loaded = new LoadedEngine(engine, info, context);
        engines.put(loaded); // before start(): what it multicasts from start() is its own
        try {
            engine.start(context);
            loaded.participant = engine.sync();
        } catch (RuntimeException e) {
            LOG.error("Service engine {} version {} failed to start: not loaded", info.name(), info.version(), e);
            engines.remove(info.id());
            context.close();
            return false;
        }
        LOG.info("Service engine loaded: {} v{} (service id {})", info.name(), info.version(), info.id());
        if (loaded.participant != null) {
            // It holds no cluster state yet: the next sync (regular or resync) brings it up to date.
            engines.markFresh(info.id());
            resync.requestIfNeeded();
        }
        for (ExecutiveListener l : listeners) {
            l.engineLoaded(info);
        }
        return true;
    }

    @Override
    public void unload(ServiceEngine engine) {
        EngineInfo info = engine.info();
        LoadedEngine loaded = engines.get(info.id());
        if (loaded == null || loaded.engine != engine) {
            return;
        }
        sync.engineRemoved(info.id());
        resync.engineRemoved(info.id());
        List<ClientSession> closed = new ArrayList<>(loaded.sessions);
        for (ClientSession s : closed) {
            sessions.remove(s);
            try {
                engine.sessionClosed(s);
            } catch (RuntimeException e) {
                LOG.warn("Service {} failed to close session {}", info.name(), s.id(), e);
            }
        }
        try {
            engine.stop();
        } catch (RuntimeException e) {
            LOG.warn("Service engine {} failed to stop cleanly", info.name(), e);
        }
        loaded.context.close();
        engines.remove(info.id());
        LOG.info("Service engine unloaded: {} v{} (service id {})", info.name(), info.version(), info.id());
        for (ExecutiveListener l : listeners) {
            l.engineUnloaded(info, closed);
        }
    }

    @Override
    public void stanzaChanged(ServiceEngine engine, Map<String, String> stanzaKeys) {
        LoadedEngine loaded = engines.get(engine.info().id());
        if (loaded != null && loaded.engine == engine) {
            loaded.context.stanza(stanzaKeys);
        }
    }

    // ---- sessions and requests

    @Override
    public io.chorus.api.spi.ClientGateway clientGateway() {
        return gateway;
    }

    @Override
    public boolean openSession(int serviceId, ClientSession session) {
        LoadedEngine loaded = engines.get(serviceId);
        if (loaded == null) {
            return false;
        }
        loaded.sessions.add(session);
        sessions.put(session, loaded);
        loaded.engine.sessionOpened(session);
        return true;
    }

    @Override
    public void closeSession(ClientSession session) {
        LoadedEngine loaded = sessions.remove(session);
        if (loaded != null && loaded.sessions.remove(session)) {
            loaded.engine.sessionClosed(session);
        }
    }

    @Override
    public Admission request(ClientSession session, int fn, ByteBuffer body) {
        LoadedEngine loaded = sessions.get(session);
        if (loaded == null) {
            throw new IllegalStateException("session " + session.id() + " is not open");
        }
        Admission verdict = admission.request(loaded.info.id(), loaded.engine.requiresFlowControl(fn),
                body.remaining());
        if (verdict == Admission.ACCEPTED) {
            loaded.engine.request(session, fn, body);
        }
        return verdict;
    }

    // ---- state

    @Override
    public boolean syncInProgress() {
        return sync.running();
    }

    @Override
    public long completedSyncs() {
        return sync.completedRounds();
    }

    @Override
    public long completedResyncs() {
        return resync.completedRounds();
    }

    @Override
    public RingView currentView() {
        return view;
    }

    @Override
    public long droppedMessages(int serviceId) {
        return dispatcher.dropped(serviceId);
    }

    @Override
    public Map<String, Long> statistics() {
        Map<String, Long> out = new TreeMap<>(statistics);
        dispatcher.droppedByService().forEach((id, n) -> out.put("runtime.executive.dropped." + id, n));
        for (EngineInfo info : engines.infos()) {
            out.put("runtime.executive.delivered." + info.name(), dispatcher.delivered(info.id()));
        }
        out.put("runtime.executive.malformed", dispatcher.malformed());
        out.put("runtime.executive.engine_failures", dispatcher.failures());
        out.put("runtime.executive.sync_completed", sync.completedRounds());
        out.put("runtime.executive.resync_completed", resync.completedRounds());
        return out;
    }

    @Override
    public void primaryProvider(BooleanSupplier isPrimary) {
        admission.primary(isPrimary);
    }

    @Override
    public void addListener(ExecutiveListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ExecutiveListener listener) {
        listeners.remove(listener);
    }

    // ---- the ring

    @Override
    public void deliver(int senderNodeId, TotemPgGroup group, ByteBuffer message) {
        if (group.equals(TotemPgGroup.A)) {
            dispatcher.deliver(senderNodeId, message);
        } else if (group.equals(TotemPgGroup.SYNC)) {
            sync.deliver(senderNodeId, message);
        } else if (group.equals(ResyncMessages.GROUP)) {
            resync.deliver(senderNodeId, message);
        }
    }

    /** Engines see every configuration first (in id order), then sync starts on a regular one. */
    @Override
    public void configurationChange(ConfigurationChange change) {
        RingId id = change.ringId();
        RingView v = new RingView(!change.isRegular(), id.rep(), id.seq(), change.members().clone(),
                change.left() == null ? new int[0] : change.left().clone(),
                change.joined() == null ? new int[0] : change.joined().clone(), admission.isPrimary());
        view = v;
        for (LoadedEngine e : engines.all()) {
            try {
                e.engine.configurationChange(v);
            } catch (RuntimeException ex) {
                LOG.error("Service {} failed on configuration change {}", e.info.name(), v, ex);
            }
        }
        int[] members = change.members().clone();
        java.util.Arrays.sort(members);
        resync.configurationChange(change.isRegular() ? id : null, members);
        sync.configurationChange(change);
    }

    @Override
    public void syncCompleted(RingId ringId, int[] members) {
        RingView v = view;
        for (ExecutiveListener l : listeners) {
            l.syncCompleted(v);
        }
        resync.regularSyncCompleted();
    }

    private void onToken() {
        sync.onToken();
        resync.onToken();
    }

    /** Runs on the event loop; a caller off the loop waits, so DS unbind returns after the engine stopped. */
    private void onLoop(Runnable task) {
        if (ring.inEventLoop()) {
            task.run();
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        ring.execute(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(OFF_LOOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The ring's event loop did not run a service-manager task within {} s",
                        OFF_LOOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
