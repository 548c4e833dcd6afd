package io.chorus.ipc.client;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import java.nio.ByteBuffer;

/**
 * A response: the engine's response function id, its status word and the payload after it (little-endian).
 * {@link ChorusConnection#call} throws for a status other than OK; {@link ChorusConnection#request} returns it.
 */
public record Reply(int fn, ChorusError status, ByteBuffer payload) {

    /** The payload when the status is OK, else the status as an exception. */
    public ByteBuffer orThrow() throws ChorusException {
        if (status != ChorusError.OK) {
            throw new ChorusException(status);
        }
        return payload;
    }
}
