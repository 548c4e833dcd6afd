/**
 * Wire codecs of the executive: the exec header of group {@code "a"}, the sync v2 messages of group
 * {@code "sync"} (both exactly as Corosync 3.1.7 sends them) and Chorus's own resync messages.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.executive.wire;
