package io.chorus.api;

/** A service call that did not return {@link ChorusError#OK}. */
public class ChorusException extends Exception {

    private static final long serialVersionUID = 1L;
    private final ChorusError error;

    public ChorusException(ChorusError error, String message) {
        super(error + (message == null || message.isEmpty() ? "" : ": " + message));
        this.error = error;
    }

    public ChorusException(ChorusError error) {
        this(error, null);
    }

    public ChorusError error() {
        return error;
    }

    /** Worth retrying: the cluster is syncing or busy, not refusing. */
    public boolean isTryAgain() {
        return error == ChorusError.TRY_AGAIN;
    }
}
