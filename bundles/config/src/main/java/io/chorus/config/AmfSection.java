package io.chorus.config;

/** {@code amf { mode }} of the main file: whether AMF starts the applications of amf.conf. */
public final class AmfSection {
    private final SectionValues v;

    public AmfSection(SectionValues values) { this.v = values; }

    public SectionValues values() { return v; }
    public boolean enabled() { return "enabled".equals(v.string("mode")); }
}
