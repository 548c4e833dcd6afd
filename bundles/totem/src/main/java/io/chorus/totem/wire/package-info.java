/**
 * Totem wire format, byte for byte as Corosync 3 (corosync-wire.md §1): packed structures at fixed
 * offsets, written little-endian with padding zeroed, read in the sender's byte order (a peer whose magic
 * reads swapped is big-endian). Every decoder checks lengths and reports a malformed packet by returning
 * {@code false} or {@code null}, never by throwing.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.totem.wire;
