package io.chorus.config;

import java.util.List;

/**
 * Whiteboard listener for runtime configuration changes. Register an implementation as an OSGi service;
 * the Config Admin bridge calls it after each edit of an {@code io.chorus.*} configuration
 * ({@code config:edit}, {@code config:property-set}, a {@code .cfg} file, the web console).
 *
 * <p>One call per edit, with every key the edit touched: {@link ConfigChangeEvent.Outcome#APPLIED
 * applied} keys (including derived values that followed, e.g. {@code totem.consensus} after
 * {@code totem.token}) are already part of {@code current}; {@link ConfigChangeEvent.Outcome#REFUSED
 * refused} keys were reverted in Config Admin and the reason says why (a restart is needed, or the value
 * is invalid). Calls come one at a time, in edit order, on a Config Admin event thread: do not block.
 *
 * <p>The running configuration is also published as a {@link ChorusConfig} service (the newest has the
 * highest {@code service.ranking}).
 */
@FunctionalInterface
public interface ChorusConfigListener {

    /**
     * @param changes what the edit did, key by key
     * @param current the configuration in force after the edit
     */
    void configurationChanged(List<ConfigChangeEvent> changes, ChorusConfig current);
}
