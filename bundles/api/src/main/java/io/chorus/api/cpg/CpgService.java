package io.chorus.api.cpg;

import io.chorus.api.ChorusException;

/**
 * The CPG service for bundles inside the container, registered by the cpg engine bundle while an executive
 * offers a {@link io.chorus.api.spi.ClientGateway}. Each {@link #open} is one handle, exactly as an
 * out-of-process {@code cpg_initialize}.
 */
public interface CpgService {

    /** {@code cpg_initialize}: a new handle whose callbacks run when it is dispatched. */
    Cpg open(CpgCallbacks callbacks) throws ChorusException;
}
