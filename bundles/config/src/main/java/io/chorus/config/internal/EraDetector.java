package io.chorus.config.internal;

import io.chorus.config.Era;

import java.util.Set;

/** Decides which generation of corosync.conf a parsed file is written for, from the sections it uses. */
final class EraDetector {

    static final Set<String> NETWORK_CONF_KEYS = Set.of("bindnetaddr", "mcastaddr", "mcastport");

    private EraDetector() { }

    static Era detect(ConfigNode root) {
        if (!root.sections("nodelist").isEmpty()) {
            return Era.COROSYNC_3;
        }
        boolean totem = false;
        for (String name : new String[] {"totem", "network"}) {
            for (ConfigNode t : root.sections(name)) {
                totem = true;
                if (!t.sections("interface").isEmpty() || t.last("version").isPresent()
                        && !"1".equals(t.last("version").get().value())) {
                    return Era.WHITETANK;
                }
            }
        }
        boolean logoutput = root.sections("logging").stream().anyMatch(l -> !l.all("logoutput").isEmpty());
        if (totem || !root.sections("timeout").isEmpty() || logoutput) {
            return Era.OPENAIS_070;
        }
        if (root.keyValues().stream().anyMatch(kv -> NETWORK_CONF_KEYS.contains(kv.key()))) {
            return Era.AIS_NETWORK_CONF;
        }
        return Era.WHITETANK;
    }
}
