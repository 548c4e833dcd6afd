package io.chorus.executive.memory;

import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ResponseStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client session that keeps every response and callback an engine sends it (little-endian views, oldest first):
 * what engine tests open on an in-memory executive to call {@code Executive.request} directly.
 */
public final class RecordingSession implements ClientSession {

    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private final long id = NEXT_ID.getAndIncrement();
    private final List<ByteBuffer> responses = new ArrayList<>();
    private final List<ByteBuffer> callbacks = new ArrayList<>();
    private Object attachment;

    /** The responses so far (live view). */
    public List<ByteBuffer> responses() {
        return responses;
    }

    /** The status word of each response so far, as {@code ChorusError} codes. */
    public List<Integer> statuses() {
        return responses.stream().map(r -> ResponseStatus.read(r).code()).toList();
    }

    /** The latest response; fails when there is none. */
    public ByteBuffer lastResponse() {
        return responses.get(responses.size() - 1);
    }

    /** The callbacks (dispatched messages) so far (live view). */
    public List<ByteBuffer> callbacks() {
        return callbacks;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public int pid() {
        return -1;
    }

    @Override
    public int uid() {
        return -1;
    }

    @Override
    public int gid() {
        return -1;
    }

    @Override
    public void respond(int fn, ByteBuffer response) {
        responses.add(response.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public void dispatch(int fn, ByteBuffer callback) {
        callbacks.add(callback.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public <T> T attachment(Class<T> type) {
        return type.isInstance(attachment) ? type.cast(attachment) : null;
    }

    @Override
    public void attach(Object state) {
        attachment = state;
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
