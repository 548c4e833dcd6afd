package io.chorus.api;

/**
 * Error codes of every service call. The numbers are those of {@code SaAisErrorT} and Corosync's
 * {@code cs_error_t} (services.md §1.8), so out-of-process clients and C tools agree on them.
 */
public enum ChorusError {
    OK(1),
    /** The executive is gone or the connection to it broke. */
    LIBRARY(2),
    VERSION(3),
    INIT(4),
    TIMEOUT(5),
    /** Sync is running, the partition is not primary, or the send queue is full: retry. */
    TRY_AGAIN(6),
    INVALID_PARAM(7),
    NO_MEMORY(8),
    BAD_HANDLE(9),
    BUSY(10),
    ACCESS(11),
    NOT_EXIST(12),
    NAME_TOO_LONG(13),
    EXIST(14),
    NO_SPACE(15),
    INTERRUPT(16),
    NAME_NOT_FOUND(17),
    NO_RESOURCES(18),
    NOT_SUPPORTED(19),
    BAD_OPERATION(20),
    FAILED_OPERATION(21),
    MESSAGE_ERROR(22),
    QUEUE_FULL(23),
    QUEUE_NOT_AVAILABLE(24),
    BAD_FLAGS(25),
    TOO_BIG(26),
    NO_SECTIONS(27),
    CONTEXT_NOT_FOUND(28),
    TOO_MANY_GROUPS(30),
    SECURITY(100);

    private final int code;

    ChorusError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error for a wire code; unknown codes map to {@link #LIBRARY} (the peer speaks something else). */
    public static ChorusError of(int code) {
        for (ChorusError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return LIBRARY;
    }
}
