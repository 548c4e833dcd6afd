package io.chorus.config;

import java.util.Locale;

/** Totem transports. Chorus implements UDP (multicast) and UDPU (unicast); the others are refused by validation. */
public enum Transport {
    UDP, UDPU, IBA, KNET;

    public static Transport of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
