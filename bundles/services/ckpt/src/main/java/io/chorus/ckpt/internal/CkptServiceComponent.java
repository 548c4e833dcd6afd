package io.chorus.ckpt.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.ckpt.CkptCallbacks;
import io.chorus.api.ckpt.CkptClient;
import io.chorus.api.ckpt.CkptService;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.spi.ClientGateway;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link CkptService} for bundles in the container: sessions through the executive's gateway. */
@Component(service = CkptService.class)
public final class CkptServiceComponent implements CkptService {

    @Reference
    private ClientGateway gateway;

    @Override
    public CkptClient initialize(CkptCallbacks callbacks) throws ChorusException {
        return CkptClient.initialize(GatewayConnection.open(gateway, CkptEngine.INFO.name()), callbacks);
    }
}
