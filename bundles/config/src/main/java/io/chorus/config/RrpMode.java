package io.chorus.config;

import java.util.Locale;

/** Redundant ring protocol mode: how many rings carry traffic and how. */
public enum RrpMode {
    NONE, ACTIVE, PASSIVE;

    public static RrpMode of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
