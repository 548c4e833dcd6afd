package io.chorus.totem;

/**
 * The timers the protocol core asks its driver to run. The core never reads a clock: it arms a timer with
 * a delay and is called back through {@link TotemCore#timerExpired(TotemTimer)}. Arming an armed timer
 * restarts it; each timer is either armed once or not at all.
 */
public enum TotemTimer {
    /** Token loss: no token within {@code token} ms ends the ring. */
    TOKEN,
    /** Re-send the last token copy if no newer token arrived within {@code token_retransmit} ms. */
    TOKEN_RETRANSMIT,
    /** The representative holds the token of an idle ring for {@code hold} ms. */
    TOKEN_HOLD,
    /** Re-send the join message every {@code join} ms while gathering. */
    JOIN,
    /** Give up waiting for agreement after {@code consensus} ms and fail the silent nodes. */
    CONSENSUS,
    /** The representative of an idle ring probes for other rings every {@code merge} ms. */
    MERGE_DETECT,
    /** Random delay ({@code send_join}) before a join goes out, to spread joins of large clusters. */
    SEND_JOIN
}
