package io.chorus.config;

/**
 * One key of a runtime configuration change, as delivered to {@link ChorusConfigListener}s.
 *
 * @param section  top-level section, e.g. {@code totem}, {@code logging}, {@code service}
 * @param key      key inside the section, cmap style, e.g. {@code token}, {@code interface.0.mcastport}
 * @param oldValue effective value before the change (null when there was none)
 * @param newValue requested value (APPLIED: now in force; REFUSED: what was asked for; null: removal)
 * @param outcome  applied live, or refused
 * @param reason   why it was refused (names the restart needed), or for applied values how they came
 *                 about ({@code "set"}, {@code "derived from totem.token"})
 */
public record ConfigChangeEvent(String section, String key, String oldValue, String newValue, Outcome outcome,
                                String reason) {

    /** What happened to a requested change. */
    public enum Outcome {
        /** In force on the running node. */
        APPLIED,
        /** Not applied; reverted in Config Admin. */
        REFUSED
    }

    /** The dotted key, e.g. {@code totem.token}. */
    public String path() {
        return section.isEmpty() ? key : section + "." + key;
    }

    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }

    @Override
    public String toString() {
        return path() + ": " + oldValue + " -> " + newValue + " " + outcome.name().toLowerCase(java.util.Locale.ROOT)
                + (reason == null ? "" : " (" + reason + ")");
    }
}
