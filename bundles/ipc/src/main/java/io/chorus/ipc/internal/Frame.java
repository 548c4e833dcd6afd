package io.chorus.ipc.internal;

import java.nio.ByteBuffer;

/** One decoded frame from a client; {@code body} is a little-endian heap copy its receiver may keep. */
record Frame(int type, int flags, int fn, int id, ByteBuffer body) {

    boolean posted() {
        return (flags & io.chorus.ipc.client.IpcProtocol.FLAG_POSTED) != 0;
    }
}
