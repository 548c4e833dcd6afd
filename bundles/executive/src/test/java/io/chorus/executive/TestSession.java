package io.chorus.executive;

import io.chorus.api.spi.ClientSession;
import java.nio.ByteBuffer;

/** An in-container client session that records nothing: enough to open and close. */
final class TestSession implements ClientSession {

    private final long id;
    private Object attachment;

    TestSession(long id) {
        this.id = id;
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
    }

    @Override
    public void dispatch(int fn, ByteBuffer callback) {
    }

    @Override
    public <T> T attachment(Class<T> type) {
        return type.cast(attachment);
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
