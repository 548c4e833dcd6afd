/**
 * What every Chorus service API shares: error codes (the SA Forum / Corosync numbers) and the view of
 * the ring a client sees. Clients use the same interfaces in-container (OSGi services) and out of process
 * (the IPC client library).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api;
