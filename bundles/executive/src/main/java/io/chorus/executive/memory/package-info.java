/**
 * A deterministic in-memory {@link io.chorus.executive.ClusterRing} network on a virtual clock: real Totem
 * cores and totempg, no sockets, no threads. For the executive's tests and for engines' multi-node tests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.executive.memory;
