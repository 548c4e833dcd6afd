package io.chorus.config;

/** {@code aisexec { user group defaultservices }}: who may connect over IPC, and whether default services load. */
public final class AisexecSettings {
    private final SectionValues v;

    public AisexecSettings(SectionValues values) { this.v = values; }

    public SectionValues values() { return v; }
    public String user() { return v.string("user"); }
    public String group() { return v.string("group"); }
    public boolean defaultServices() { return v.bool("defaultservices"); }
}
