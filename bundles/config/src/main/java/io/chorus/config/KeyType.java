package io.chorus.config;

/** The value type of a configuration key. */
public enum KeyType {
    /** A plain integer (counts, ports, ids). */
    INT,
    /** An integer number of milliseconds. */
    MS,
    /** A boolean; the accepted spellings are listed in {@link KeySpec#allowed()}. */
    BOOL,
    /** One of {@link KeySpec#allowed()}. */
    ENUM,
    /** An IPv4 or IPv6 address literal (host names are not resolved by the parser). */
    ADDRESS,
    /** Free text. */
    STRING,
    /** A file system path. */
    PATH
}
