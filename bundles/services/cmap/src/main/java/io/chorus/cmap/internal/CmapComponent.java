package io.chorus.cmap.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.cmap.CmapClient;
import io.chorus.api.cmap.CmapProtocol;
import io.chorus.api.cmap.CmapService;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ChorusConfig;
import io.chorus.executive.Executive;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Wiring only: the engine built from the published configuration (a new one re-creates it), the executive's
 * counters when an executive is there, and {@link CmapService} for in-container clients.
 */
@Component(immediate = true, service = CmapService.class)
public final class CmapComponent implements CmapService {

    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private ChorusConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Executive executive;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClientGateway gateway;

    private ServiceRegistration<ServiceEngine> registration;

    @Activate
    void activate(BundleContext context) {
        CmapEngine engine = CmapEngine.of(config, () -> {
            Executive ex = executive;
            return ex == null ? Map.of() : ex.statistics();
        });
        registration = context.registerService(ServiceEngine.class, engine, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Override
    public CmapClient open() throws ChorusException {
        ClientGateway g = gateway;
        if (g == null) {
            throw new ChorusException(io.chorus.api.ChorusError.NOT_EXIST, "no executive");
        }
        return CmapClient.open(GatewayConnection.open(g, CmapProtocol.ENGINE));
    }
}
