package io.chorus.config;

import java.util.Map;

/**
 * A {@code service { name ver ... }} stanza.
 *
 * @param name  engine name, e.g. {@code pacemaker}, {@code corosync_cpg}, {@code openais_ckpt}
 * @param ver   engine version
 * @param extra every other key of the stanza (they belong to the service), in file order
 * @param file  file of the stanza (the main file or a file in {@code service.d/})
 * @param line  line of the stanza
 */
public record ServiceStanza(String name, int ver, Map<String, String> extra, String file, int line) {
    public ServiceStanza {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
}
