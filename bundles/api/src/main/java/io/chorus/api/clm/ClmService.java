package io.chorus.api.clm;

import io.chorus.api.ChorusException;

/** The CLM service for bundles in the container; each {@link #initialize} is one handle. */
public interface ClmService {

    Clm initialize(ClmCallbacks callbacks, ClmVersion version) throws ChorusException;
}
