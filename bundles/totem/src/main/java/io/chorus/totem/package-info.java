/** The Totem single-ring protocol core: no I/O, no threads, no clock of its own. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.totem;
