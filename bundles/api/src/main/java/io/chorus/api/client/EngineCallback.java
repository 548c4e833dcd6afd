package io.chorus.api.client;

import java.nio.ByteBuffer;

/** One unsolicited message from an engine to a client: its callback function and little-endian body. */
public record EngineCallback(int fn, ByteBuffer body) {
}
