/** Packet sealing (authenticated encryption) between Chorus nodes, and the cluster authkey. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.crypto;
