package io.chorus.config;

/**
 * One line of the effective configuration, e.g. {@code totem.token = 3650 (DERIVED)}.
 * Repeated sections are numbered as Corosync 3's cmap does: {@code totem.interface.0.bindnetaddr},
 * {@code nodelist.node.2.ring0_addr}, {@code service.0.name}.
 *
 * @param key    dotted path
 * @param value  the value as text, in the file's spelling for explicit values
 * @param source explicit, default or derived
 * @param file   origin file for explicit values; null for defaults and derived values
 * @param line   origin line; 0 when not from a file
 */
public record EffectiveEntry(String key, String value, ValueSource source, String file, int line) {

    /** {@code key = value} followed by the source and, for explicit values, {@code file:line}. */
    @Override
    public String toString() {
        String where = file == null ? "" : " " + file + ":" + line;
        return key + " = " + value + "  (" + source.name().toLowerCase(java.util.Locale.ROOT) + where + ")";
    }
}
