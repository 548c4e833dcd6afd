package io.chorus.cmap.internal;

import io.chorus.api.cmap.CmapValue;
import io.chorus.config.ChorusConfig;
import io.chorus.config.EffectiveEntry;
import io.chorus.config.NodeEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the cmap engine is loaded with: the configuration's keys with Corosync's names and types (numbers as
 * u32, u64 above 2^32 and for config_version, the rest strings), {@code totem.config_version}, and the nodelist's
 * ring addresses for {@code runtime.members.<id>.ip}.
 */
record CmapSettings(Map<String, CmapValue> config, long configVersion, Map<Integer, String> memberIps) {

    private static final Pattern NUMBER = Pattern.compile("\\d{1,19}");

    CmapSettings {
        config = Map.copyOf(config);
        memberIps = Map.copyOf(memberIps);
    }

    static CmapSettings from(ChorusConfig config) {
        Map<String, CmapValue> keys = new LinkedHashMap<>();
        for (EffectiveEntry e : config.effectiveEntries()) {
            keys.put(e.key(), typed(e.key(), e.value()));
        }
        long version = config.entry("totem.config_version").map(e -> parse(e.value())).orElse(0L);
        Map<Integer, String> ips = new TreeMap<>();
        for (NodeEntry n : config.nodelist()) {
            StringBuilder ip = new StringBuilder();
            for (int r = 0; r < n.ringAddrs().size(); r++) {
                ip.append("r(").append(r).append(") ip(").append(n.ringAddrs().get(r)).append(") ");
            }
            ips.put((int) n.nodeId(), ip.toString());
        }
        return new CmapSettings(keys, version, ips);
    }

    static CmapValue typed(String key, String value) {
        if (value != null && NUMBER.matcher(value).matches()) {
            long v = parse(value);
            return key.equals("totem.config_version") || v > 0xFFFFFFFFL ? CmapValue.uint64(v) : CmapValue.uint32(v);
        }
        return CmapValue.string(value == null ? "" : value);
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
