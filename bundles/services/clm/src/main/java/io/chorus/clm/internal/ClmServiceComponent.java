package io.chorus.clm.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.clm.Clm;
import io.chorus.api.clm.ClmCallbacks;
import io.chorus.api.clm.ClmClient;
import io.chorus.api.clm.ClmService;
import io.chorus.api.clm.ClmVersion;
import io.chorus.api.spi.ClientGateway;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link ClmService} for bundles in the container: sessions through the executive's gateway. */
@Component(service = ClmService.class)
public final class ClmServiceComponent implements ClmService {

    @Reference
    private ClientGateway gateway;

    @Override
    public Clm initialize(ClmCallbacks callbacks, ClmVersion version) throws ChorusException {
        return ClmClient.initialize(GatewayConnection.open(gateway, ClmEngine.INFO.name()), callbacks, version);
    }
}
