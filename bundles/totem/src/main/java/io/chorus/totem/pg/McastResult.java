package io.chorus.totem.pg;

/** What {@link TotemPg#mcast} did with a message. */
public enum McastResult {
    /** Queued whole; it goes out in agreed order. */
    OK,
    /** Not queued at all: the send queue cannot take every packet of it now (admission answers TRY_AGAIN). */
    TRY_AGAIN,
    /** Not queued: longer than {@link TotemPg#MAX_MESSAGE_SIZE} (the client's error, CS_ERR_TOO_BIG). */
    TOO_LARGE
}
