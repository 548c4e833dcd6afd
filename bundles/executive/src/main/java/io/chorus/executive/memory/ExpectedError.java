package io.chorus.executive.memory;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;

/**
 * The check the engines' multi-node tests make of a call that must be refused: it throws a {@link ChorusException}
 * with the expected error. It fails with a plain {@link AssertionError}, as a test framework's assertion would, so
 * that this fixture, shipped in the bundle's main code, needs no test framework.
 */
public final class ExpectedError {

    /** A client call that may be refused. */
    @FunctionalInterface
    public interface Call {
        void run() throws ChorusException;
    }

    private ExpectedError() {
    }

    /** Runs {@code call}; an {@link AssertionError} unless it throws a ChorusException with {@code expected}. */
    public static void assertError(ChorusError expected, Call call) {
        try {
            call.run();
        } catch (ChorusException e) {
            if (e.error() != expected) {
                throw new AssertionError("expected " + expected + " but was " + e.error(), e);
            }
            return;
        }
        throw new AssertionError("expected " + expected + " but the call succeeded");
    }
}
