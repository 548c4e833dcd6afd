/**
 * The CFG (configuration and administration) API of Corosync's {@code cfg.h}: ring status and cluster-wide
 * ring re-enable ({@code cfgtool -s/-r}), this node's id and addresses, the ring's members ({@code -n}), killing
 * a node ({@code -k}) and shutdown with the consent of the cluster's tracking clients ({@code -H}).
 *
 * <pre>{@code
 * Cfg cfg = CfgClient.open(IpcEngineConnection.connect("cfg"));   // out of process
 * Cfg cfg = cfgService.open();                                     // in-container
 * for (CfgRing r : cfg.ringStatus()) System.out.println(r.status());
 * cfg.ringReenable();
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.cfg;
