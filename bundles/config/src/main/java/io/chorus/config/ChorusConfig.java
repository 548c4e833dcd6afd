package io.chorus.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A valid, fully resolved corosync.conf (plus its service.d/ and uidgid.d/ includes): immutable, every
 * default and derived value filled in. Obtain one from {@link ConfigLoader}.
 */
public final class ChorusConfig {

    private final Path source;
    private final Era era;
    private final TotemSettings totem;
    private final LoggingSettings logging;
    private final List<NodeEntry> nodelist;
    private final List<ServiceStanza> services;
    private final AisexecSettings aisexec;
    private final List<UidGid> uidgids;
    private final QuorumSettings quorum;
    private final AmfSection amf;
    private final EventSettings event;
    private final SystemSettings system;
    private final String compatibility;
    private final List<EffectiveEntry> effectiveEntries;
    private final List<ConfigProblem> warnings;
    /** The parsed tree, kept (as a private copy) so runtime changes can be re-resolved; opaque to users. */
    private final Object tree;

    /** Built by the loader; {@code tree} is an opaque parse tree used by {@link #withChanges}. */
    public ChorusConfig(Path source, Era era, TotemSettings totem, LoggingSettings logging, List<NodeEntry> nodelist,
                        List<ServiceStanza> services, AisexecSettings aisexec, List<UidGid> uidgids,
                        QuorumSettings quorum, AmfSection amf, EventSettings event, SystemSettings system,
                        String compatibility, List<EffectiveEntry> effectiveEntries, List<ConfigProblem> warnings,
                        Object tree) {
        this.source = source;
        this.era = era;
        this.totem = totem;
        this.logging = logging;
        this.nodelist = List.copyOf(nodelist);
        this.services = List.copyOf(services);
        this.aisexec = aisexec;
        this.uidgids = List.copyOf(uidgids);
        this.quorum = quorum;
        this.amf = amf;
        this.event = event;
        this.system = system;
        this.compatibility = compatibility;
        this.effectiveEntries = List.copyOf(effectiveEntries);
        this.warnings = List.copyOf(warnings);
        this.tree = tree;
    }

    /** The main file this was read from (null when parsed from text). */
    public Path source() { return source; }
    public Era era() { return era; }
    public TotemSettings totem() { return totem; }
    public LoggingSettings logging() { return logging; }
    /** Corosync 3 nodelist; empty for older eras. */
    public List<NodeEntry> nodelist() { return nodelist; }
    /** service { } stanzas of the main file, then of service.d/ files (sorted by name). */
    public List<ServiceStanza> services() { return services; }
    public AisexecSettings aisexec() { return aisexec; }
    public List<UidGid> uidgids() { return uidgids; }
    public QuorumSettings quorum() { return quorum; }
    public AmfSection amf() { return amf; }
    public EventSettings event() { return event; }
    public SystemSettings system() { return system; }
    /** Corosync 1.x top-level compatibility (whitetank|none), empty when not written. */
    public Optional<String> compatibility() { return Optional.ofNullable(compatibility); }
    /** Warnings found while loading (the file is valid; these are worth a look). */
    public List<ConfigProblem> warnings() { return warnings; }

    /**
     * Every effective {@code section.key = value}: explicit, default and derived values, in section order,
     * repeated sections numbered as in cmap. Used by {@code chorus:config} and the Config Admin bridge.
     */
    public List<EffectiveEntry> effectiveEntries() { return effectiveEntries; }

    /** One effective entry by its dotted key, e.g. {@code totem.consensus} or {@code totem.interface.0.mcastport}. */
    public Optional<EffectiveEntry> entry(String key) {
        return effectiveEntries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /**
     * The configuration as it would be with these keys changed (dotted keys, textual values), re-resolved
     * and re-validated as a whole (derived values follow: changing token changes consensus unless set).
     * Does not check whether the keys may change live; see {@link KeyRegistry#validateChanges}.
     */
    public ChorusConfig withChanges(Map<String, String> changes) throws ConfigException {
        return io.chorus.config.internal.RuntimeChanges.apply(this, tree, changes);
    }
}
