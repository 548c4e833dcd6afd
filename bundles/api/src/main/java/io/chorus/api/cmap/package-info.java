/**
 * The CMAP API ({@code cmap.h}): the configuration and statistics database of a node. {@link
 * io.chorus.api.cmap.CmapClient} over any {@link io.chorus.api.client.EngineConnection} (in-container through
 * {@link io.chorus.api.cmap.CmapService}, out of process over IPC), typed values {@link
 * io.chorus.api.cmap.CmapValue}, and the library protocol {@link io.chorus.api.cmap.CmapProtocol}.
 *
 * <p>Unlike Corosync, where cmap is local to each node, a set or delete of a key outside {@code runtime.*} is an
 * ordered cluster-wide message in Chorus: every member applies it in the same order. Keys set that way are not
 * transferred to nodes that join later (the sync turn carries only {@code totem.config_version}, as C's).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.cmap;
