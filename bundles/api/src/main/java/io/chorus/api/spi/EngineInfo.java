package io.chorus.api.spi;

import java.util.Set;

/**
 * Who an engine is.
 *
 * @param name    the name in {@code service { name: ... }} and in the Karaf feature {@code chorus-<name>}
 * @param id      the service id, 0..63, that prefixes its exec messages ({@code (id << 16) | fn}) and orders
 *                sync. 0..7 are Corosync's (0 cmap, 1 cfg, 2 cpg, 3 quorum, 4 pload, 5 votequorum, 6 mon,
 *                7 wd); other engines take ids 8..63, which Corosync nodes carry as no-op services
 * @param version the {@code ver} a stanza must name to select this engine
 * @param aliases other stanza names that select it (e.g. {@code corosync_cpg}, {@code openais_ckpt})
 */
public record EngineInfo(String name, int id, int version, Set<String> aliases) {

    public static final int MAX_ID = 63;

    public EngineInfo {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("service id " + id + " of " + name + " is outside 0.." + MAX_ID
                    + " (Corosync nodes index a 64-entry table with it)");
        }
        aliases = Set.copyOf(aliases);
    }

    public boolean answersTo(String stanzaName) {
        return name.equals(stanzaName) || aliases.contains(stanzaName);
    }
}
