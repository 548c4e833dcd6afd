package io.chorus.quorum.internal;

import io.chorus.api.ChorusException;
import io.chorus.api.client.GatewayConnection;
import io.chorus.api.quorum.QuorumCallbacks;
import io.chorus.api.quorum.QuorumClient;
import io.chorus.api.quorum.QuorumProtocol;
import io.chorus.api.quorum.QuorumService;
import io.chorus.api.quorum.VotequorumCallbacks;
import io.chorus.api.quorum.VotequorumClient;
import io.chorus.api.spi.ClientGateway;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link QuorumService} for bundles in the container: sessions through the executive's gateway, as over IPC. */
@Component(service = QuorumService.class)
public final class QuorumServiceComponent implements QuorumService {

    @Reference
    private ClientGateway gateway;

    @Override
    public QuorumClient openQuorum(QuorumCallbacks callbacks) throws ChorusException {
        return QuorumClient.open(GatewayConnection.open(gateway, QuorumProtocol.QUORUM_ENGINE), callbacks);
    }

    @Override
    public VotequorumClient openVotequorum(VotequorumCallbacks callbacks) throws ChorusException {
        return VotequorumClient.open(GatewayConnection.open(gateway, QuorumProtocol.VOTEQUORUM_ENGINE), callbacks);
    }
}
