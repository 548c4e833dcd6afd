package io.chorus.votequorum.internal;

import io.chorus.api.quorum.QuorumProvider;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.config.ChorusConfig;
import io.chorus.executive.Executive;
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
 * Wiring only: builds the engine from the published configuration (a new configuration re-creates the component,
 * so the engine reloads and resyncs), registers it as a {@link ServiceEngine} and as the {@link QuorumProvider},
 * and, when votequorum is the configured provider, hands the executive its primary test.
 */
@Component(immediate = true, service = {})
public final class VotequorumComponent {

    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private ChorusConfig config;

    private VotequorumEngine engine;
    private ServiceRegistration<?> registration;
    private volatile Executive executive;

    @Activate
    void activate(BundleContext context) {
        engine = VotequorumEngine.of(config);
        registration = context.registerService(new String[] {ServiceEngine.class.getName(),
            QuorumProvider.class.getName()}, engine, null);
        Executive ex = executive;
        if (ex != null) {
            bindProvider(ex);
        }
    }

    @Deactivate
    void deactivate() {
        Executive ex = executive;
        if (ex != null && engine != null) {
            ex.primaryProvider(null);
        }
        if (registration != null) {
            registration.unregister();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setExecutive(Executive ex) {
        executive = ex;
        if (engine != null) {
            bindProvider(ex);
        }
    }

    void unsetExecutive(Executive ex) {
        if (executive == ex) {
            executive = null;
        }
    }

    private void bindProvider(Executive ex) {
        if (engine.isProvider()) {
            ex.primaryProvider(engine.primary());
        }
    }
}
