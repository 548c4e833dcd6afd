package io.chorus.api.ckpt;

import io.chorus.api.ChorusException;

/**
 * The checkpoint service for bundles in the container, registered by the ckpt engine bundle while an executive
 * offers a {@link io.chorus.api.spi.ClientGateway}. Each {@link #initialize} is one {@code saCkptInitialize}.
 */
public interface CkptService {

    CkptClient initialize(CkptCallbacks callbacks) throws ChorusException;
}
