/**
 * The text front-ends of the Corosync-style tools (quorumtool, cmapctl), shared by {@code bin/chorus} over IPC and
 * the {@code chorus:*} console commands in-container, so both print the same thing.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.tools;
