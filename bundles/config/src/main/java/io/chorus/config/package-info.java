/** corosync.conf and amf.conf: parsing, the typed model, validation. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.config;
