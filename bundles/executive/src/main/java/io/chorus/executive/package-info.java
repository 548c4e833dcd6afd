/**
 * The executive: what turns a Totem ring into a cluster engine. {@link io.chorus.executive.Executive} runs
 * service engines on a {@link io.chorus.executive.ClusterRing}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.executive;
