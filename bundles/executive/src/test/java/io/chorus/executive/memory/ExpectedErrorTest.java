package io.chorus.executive.memory;

import static io.chorus.executive.memory.ExpectedError.assertError;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import org.junit.Test;

/** The engines' tests lean on it: it must fail on a call that succeeds or is refused for another reason. */
public class ExpectedErrorTest {

    @Test
    public void passesOnlyOnTheExpectedError() {
        assertError(ChorusError.EXIST, () -> {
            throw new ChorusException(ChorusError.EXIST, "there");
        });
        AssertionError other = assertThrows(AssertionError.class, () -> assertError(ChorusError.EXIST, () -> {
            throw new ChorusException(ChorusError.BUSY, "busy");
        }));
        assertEquals("expected EXIST but was BUSY", other.getMessage());
        AssertionError none = assertThrows(AssertionError.class, () -> assertError(ChorusError.EXIST, () -> { }));
        assertEquals("expected EXIST but the call succeeded", none.getMessage());
    }
}
