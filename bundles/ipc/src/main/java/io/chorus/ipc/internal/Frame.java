package io.chorus.ipc.internal;

import java.nio.ByteBuffer;

/** One decoded frame from a client; {@code body} is a little-endian heap copy its receiver may keep. */
record Frame(int type, int fn, int id, ByteBuffer body) {
}
