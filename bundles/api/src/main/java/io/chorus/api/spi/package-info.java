/**
 * The service-engine SPI: what a service (EVS, CPG, CLM, CKPT, EVT, AMF, SAM, quorum, CMAP, CFG,
 * pacemaker, or a custom engine) implements to run inside the executive, and what the executive offers it.
 *
 * <p>An engine is a Declarative Services component registering {@link io.chorus.api.spi.ServiceEngine}.
 * The executive runs those that a {@code service { name ver }} stanza (or the default set) enables, and
 * loads or unloads them at runtime as features, bundles or stanzas come and go.
 *
 * <p>Threads: every callback of an engine runs on the ring's event loop, in total order with the ring's
 * messages, and must not block. Blocking work (processes, files) goes to
 * {@link io.chorus.api.spi.EngineContext#blockingExecutor()} and comes back with
 * {@link io.chorus.api.spi.EngineContext#execute(Runnable)}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.spi;
