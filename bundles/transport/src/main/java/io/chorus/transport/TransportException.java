package io.chorus.transport;

/** The configuration cannot be put on this host's network (no local address, bad nodeid, port in use...). */
public final class TransportException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
