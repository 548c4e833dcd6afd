package io.chorus.config;

import java.nio.file.Path;

/** {@code system { state_dir }} (Corosync 3). */
public final class SystemSettings {
    private final SectionValues v;

    public SystemSettings(SectionValues values) { this.v = values; }

    public SectionValues values() { return v; }
    /** As written (or the default); may be relative. */
    public String stateDir() { return v.string("state_dir"); }

    /** The state directory, a relative one resolved against {@code home} (CHORUS_HOME). */
    public Path resolvedStateDir(Path home) {
        Path p = Path.of(stateDir());
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }
}
