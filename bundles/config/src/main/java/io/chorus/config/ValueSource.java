package io.chorus.config;

/** Where an effective value came from. */
public enum ValueSource {
    /** Written in the file (or set through Config Admin). */
    EXPLICIT,
    /** Not written; the key's default for this era. */
    DEFAULT,
    /** Not written; computed from other values (e.g. consensus = 1.2 x token). */
    DERIVED
}
