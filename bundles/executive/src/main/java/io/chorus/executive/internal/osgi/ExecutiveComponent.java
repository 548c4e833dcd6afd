package io.chorus.executive.internal.osgi;

import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ChorusConfig;
import io.chorus.config.ServiceStanza;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.Executive;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring only: builds the {@link Executive} on the node's {@link ClusterRing} and feeds it.
 * <ul>
 * <li>The ring is a mandatory reference: the transport bundle registers its Netty node as a
 *     {@code ClusterRing} service. It must register it <em>before</em> its Totem core delivers the first
 *     configuration (or start the core once {@code join(SYNC)} was called), so that the first sync runs.</li>
 * <li>Engines: every {@link ServiceEngine} service (a feature installed, a bundle dropped into
 *     {@code deploy/}), dynamic and greedy, so they come and go without restarting this component.</li>
 * <li>Stanzas: the factory configurations {@code io.chorus.service~<name>} that the Config Admin bridge writes
 *     from corosync.conf and that {@code config:edit} changes, through a {@link ManagedServiceFactory}.</li>
 * <li>{@code aisexec { defaultservices }} from the published {@link ChorusConfig}.</li>
 * </ul>
 * The executive is registered as a service for the shell and the CMAP engine, and its
 * {@link ClientGateway} for IPC and in-container clients.
 */
@Component(immediate = true, service = {})
public final class ExecutiveComponent implements ManagedServiceFactory {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.main");
    static final String SERVICE_FACTORY_PID = "io.chorus.service";

    @Reference
    private ClusterRing ring;

    private final List<ServiceEngine> early = new ArrayList<>();
    private volatile Executive executive;
    private volatile Boolean defaultServices;
    private ExecutorService blocking;
    private ServiceRegistration<?> factoryRegistration;
    private ServiceRegistration<Executive> executiveRegistration;
    private ServiceRegistration<ClientGateway> gatewayRegistration;

    @Activate
    void activate(BundleContext context) {
        AtomicInteger n = new AtomicInteger();
        blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chorus-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Executive ex = Executive.create(ring, blocking);
        ex.start();
        if (defaultServices != null) {
            ex.defaultServices(defaultServices);
        }
        synchronized (early) {
            executive = ex;
            early.forEach(ex::addEngine);
            early.clear();
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.pid", SERVICE_FACTORY_PID);
        factoryRegistration = context.registerService(ManagedServiceFactory.class, this, props);
        executiveRegistration = context.registerService(Executive.class, ex, null);
        gatewayRegistration = context.registerService(ClientGateway.class, ex.clientGateway(), null);
    }

    @Deactivate
    void deactivate() {
        gatewayRegistration.unregister();
        executiveRegistration.unregister();
        factoryRegistration.unregister();
        executive.stop();
        executive = null;
        blocking.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEngine(ServiceEngine engine) {
        synchronized (early) {
            if (executive == null) {
                early.add(engine);
                return;
            }
        }
        executive.addEngine(engine);
    }

    void removeEngine(ServiceEngine engine) {
        synchronized (early) {
            if (early.remove(engine) || executive == null) {
                return;
            }
        }
        executive.removeEngine(engine);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(ChorusConfig config) {
        defaultServices = config.aisexec().defaultServices();
        Executive ex = executive;
        if (ex != null) {
            ex.defaultServices(defaultServices);
        }
    }

    void unbindConfig(ChorusConfig config) {
        // Keep the last known setting: a newer configuration is bound first (greedy) when one replaces it.
    }

    // ---- ManagedServiceFactory: io.chorus.service~<name>

    @Override
    public String getName() {
        return "Chorus service stanzas";
    }

    @Override
    public void updated(String pid, Dictionary<String, ?> properties) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Enumeration<String> e = properties.keys(); e.hasMoreElements(); ) {
            String k = e.nextElement();
            if (!k.startsWith("service.") && !k.startsWith("felix.") && !k.startsWith("component.")
                    && !k.startsWith(".")) {
                keys.put(k, String.valueOf(properties.get(k)).trim());
            }
        }
        String name = keys.remove("name");
        String ver = keys.getOrDefault("ver", "0");
        keys.remove("ver");
        int version;
        try {
            version = Integer.parseInt(ver);
        } catch (NumberFormatException ex) {
            LOG.error("Service stanza {}: ver '{}' is not a number; ignored", pid, ver);
            return;
        }
        if (name == null || name.isBlank()) {
            LOG.error("Service stanza {} has no name; ignored", pid);
            return;
        }
        Executive ex = executive;
        if (ex != null) {
            ex.putStanza(pid, new ServiceStanza(name, version, keys, "config admin " + pid, 0));
        }
    }

    @Override
    public void deleted(String pid) {
        Executive ex = executive;
        if (ex != null) {
            ex.removeStanza(pid);
        }
    }

}
