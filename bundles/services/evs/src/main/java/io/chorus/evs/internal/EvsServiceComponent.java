package io.chorus.evs.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.evs.Evs;
import io.chorus.api.evs.EvsCallbacks;
import io.chorus.api.evs.EvsClient;
import io.chorus.api.evs.EvsService;
import io.chorus.api.spi.ClientGateway;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link EvsService} for bundles in the container: each handle is a session through the executive's gateway,
 * speaking the same library protocol as out-of-process clients.
 */
@Component(service = EvsService.class)
public final class EvsServiceComponent implements EvsService {

    @Reference
    private ClientGateway gateway;

    @Override
    public Evs open(EvsCallbacks callbacks) throws ChorusException {
        return EvsClient.open(GatewayConnection.open(gateway, EvsEngine.INFO.name()), callbacks);
    }
}
