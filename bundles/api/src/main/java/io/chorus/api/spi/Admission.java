package io.chorus.api.spi;

import io.chorus.api.ChorusError;

/** The answer to a multicast request: sent, or refused until sync ends or the queue drains (services.md §1.4). */
public enum Admission {
    ACCEPTED(ChorusError.OK),
    /** Sync is running, the partition is not primary, or the totem send queue cannot take the message. */
    TRY_AGAIN(ChorusError.TRY_AGAIN),
    /** Larger than the ring can carry (1 MiB). */
    TOO_BIG(ChorusError.TOO_BIG);

    private final ChorusError error;

    Admission(ChorusError error) {
        this.error = error;
    }

    /** The status a client is answered with: OK, or why the request was refused. */
    public ChorusError error() {
        return error;
    }
}
