package io.chorus.cfg.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.cfg.Cfg;
import io.chorus.api.cfg.CfgClient;
import io.chorus.api.cfg.CfgService;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.spi.ClientGateway;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link CfgService} for bundles in the container: each handle is a session through the executive's gateway. */
@Component(service = CfgService.class)
public final class CfgServiceComponent implements CfgService {

    @Reference
    private ClientGateway gateway;

    @Override
    public Cfg open() throws ChorusException {
        return CfgClient.open(GatewayConnection.open(gateway, CfgEngine.INFO.name()));
    }
}
