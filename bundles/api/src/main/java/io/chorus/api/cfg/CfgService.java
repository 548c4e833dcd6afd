package io.chorus.api.cfg;

import io.chorus.api.ChorusException;

/** The CFG service for bundles in the container (registered by the cfg engine bundle). */
public interface CfgService {

    /** {@code corosync_cfg_initialize}. */
    Cfg open() throws ChorusException;
}
