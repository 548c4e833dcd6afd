package io.chorus.ipc.client;

import java.nio.ByteBuffer;

/** One callback of an engine, as {@link ChorusConnection#poll} returns it; {@code body} is little-endian. */
public record Callback(int fn, ByteBuffer body) {
}
