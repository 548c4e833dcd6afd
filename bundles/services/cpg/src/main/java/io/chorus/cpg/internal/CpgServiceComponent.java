package io.chorus.cpg.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgCallbacks;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.cpg.CpgService;
import io.chorus.api.spi.ClientGateway;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link CpgService} for bundles in the container: each handle is a session through the executive's
 * {@link ClientGateway}, speaking the same library protocol as out-of-process clients, so in-container and
 * IPC clients go through exactly the same engine code. Present while an executive offers its gateway.
 */
@Component(service = CpgService.class)
public final class CpgServiceComponent implements CpgService {

    @Reference
    private ClientGateway gateway;

    @Override
    public Cpg open(CpgCallbacks callbacks) throws ChorusException {
        return CpgClient.open(GatewayConnection.open(gateway, CpgEngine.INFO.name()), callbacks);
    }
}
