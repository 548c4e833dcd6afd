/**
 * Chorus nodes on the network: the Netty event loop that drives a Totem core ({@link io.chorus.transport.TotemNode}),
 * Corosync's {@code udp} (multicast) and {@code udpu} (unicast) transports, redundant rings ({@code rrp_mode}),
 * packet protection, the ring-id store and a plain-JVM launcher ({@link io.chorus.transport.NodeMain}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.transport;
