/** The executive on a real ring: the Totem node of the transport bundle as the executive's {@code ClusterRing}. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.executive.node;
