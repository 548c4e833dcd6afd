package io.chorus.api.spi;

import io.chorus.api.ChorusError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The status word every response starts with. A response body given to {@link ClientSession#respond} /
 * {@link ClientSink#respond} is the {@link ChorusError} code as a 4-byte little-endian int, then the engine's
 * payload (as Corosync's {@code res_header.error} precedes every response). Client libraries (the IPC client,
 * in-container callers) read it to turn {@code TRY_AGAIN}, {@code NOT_EXIST}, ... into a
 * {@link io.chorus.api.ChorusException}; the executive uses {@link #of} to refuse a request itself (admission
 * control, engine not loaded).
 */
public final class ResponseStatus {

    /** Bytes of the status word. */
    public static final int SIZE = 4;

    private ResponseStatus() {
    }

    /** A response that is only a status (a refusal, or an OK with no payload). */
    public static ByteBuffer of(ChorusError error) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, error.code());
        return b;
    }

    /** A response that is only the status {@code admission} stands for (OK, TRY_AGAIN or TOO_BIG). */
    public static ByteBuffer of(Admission admission) {
        return of(admission.error());
    }

    /** OK followed by a copy of {@code payload}'s remaining bytes ({@code payload} is not consumed). */
    public static ByteBuffer ok(ByteBuffer payload) {
        ByteBuffer b = ByteBuffer.allocate(SIZE + payload.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ChorusError.OK.code()).put(payload.duplicate()).flip();
        return b;
    }

    /** The status at {@code response}'s position (not consumed); MESSAGE_ERROR when it is too short. */
    public static ChorusError read(ByteBuffer response) {
        if (response.remaining() < SIZE) {
            return ChorusError.MESSAGE_ERROR;
        }
        return ChorusError.of(response.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt());
    }
}
