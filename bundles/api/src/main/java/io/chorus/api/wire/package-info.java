/**
 * The little-endian encodings every Chorus protocol shares ({@link io.chorus.api.wire.LittleEndian}): buffers,
 * counted ints, bytes and strings, and the fixed-size name fields of Corosync's C structs. The service protocols
 * of this bundle ({@code CpgProtocol}, {@code CfgProtocol}, ...) and the engines' exec messages are written with
 * it, so that every count and length a peer sends is checked in one place before anything is allocated.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.wire;
