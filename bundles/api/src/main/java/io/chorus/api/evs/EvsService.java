package io.chorus.api.evs;

import io.chorus.api.ChorusException;

/**
 * The EVS service for bundles in the container, registered by the evs engine bundle while an executive offers
 * a {@link io.chorus.api.spi.ClientGateway}. Each {@link #open} is one handle, as an {@code evs_initialize}.
 */
public interface EvsService {

    Evs open(EvsCallbacks callbacks) throws ChorusException;
}
