package io.chorus.api.spi;

/** The answer to a multicast request: sent, or refused until sync ends or the queue drains (services.md §1.4). */
public enum Admission {
    ACCEPTED,
    /** Sync is running, the partition is not primary, or the totem send queue cannot take the message. */
    TRY_AGAIN,
    /** Larger than the ring can carry (1 MiB). */
    TOO_BIG
}
