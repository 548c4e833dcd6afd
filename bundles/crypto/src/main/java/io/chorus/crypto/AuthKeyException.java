package io.chorus.crypto;

import java.io.IOException;

/**
 * The authkey cannot be used: missing, unreadable, too short, too long (inline keys) or readable by other
 * users. The message is the whole story for an operator and names the file; it never contains key material.
 */
public final class AuthKeyException extends IOException {
    private static final long serialVersionUID = 1L;

    public AuthKeyException(String message) {
        super(message);
    }

    public AuthKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
