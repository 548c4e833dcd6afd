package io.chorus.ipc.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Constants and small codecs of the Chorus IPC wire protocol, shared by the client library and the server.
 * The protocol itself is described in the package documentation ({@code package-info}).
 */
public final class IpcProtocol {

    /** "CHIP" read as a little-endian int: the first word of a HELLO body. */
    public static final int MAGIC = 0x50494843;
    /** Protocol major version: a client with another major gets {@code ERR_VERSION}. */
    public static final int MAJOR = 1;
    /** Protocol minor version: informative, never checked (as SA Forum minor versions). */
    public static final int MINOR = 0;

    /** Bytes of every frame header: length, type, flags, fn, id. */
    public static final int HEADER_SIZE = 16;
    /** The largest request or callback payload, and the largest response payload after its status: 1 MiB. */
    public static final int MAX_MESSAGE = 1 << 20;
    /** The largest frame body (a response: status word + {@link #MAX_MESSAGE}). */
    public static final int MAX_BODY = MAX_MESSAGE + 4;
    /** The largest value of a frame's length field (bytes after the length field itself). */
    public static final int MAX_LENGTH_FIELD = HEADER_SIZE - 4 + MAX_BODY;
    /** Longest engine name in a HELLO, in UTF-8 bytes. */
    public static final int MAX_ENGINE_NAME = 255;

    public static final int HELLO = 1;
    public static final int HELLO_REPLY = 2;
    public static final int REQUEST = 3;
    public static final int RESPONSE = 4;
    public static final int DISPATCH = 5;
    public static final int CLOSED = 6;

    /**
     * Flag of a REQUEST whose caller does not wait for the answer (a posted request): the executive never answers
     * it TRY_AGAIN but holds it, and every later request of the session, until it is admitted.
     */
    public static final int FLAG_POSTED = 1;

    /** Default socket path when neither the caller, {@code -Dchorus.ipc.socket} nor CHORUS_IPC_SOCKET name one. */
    public static final String DEFAULT_SOCKET = "/run/chorus/chorus.sock";
    /** System property naming the socket (client and, outside Config Admin, server). */
    public static final String PROP_SOCKET = "chorus.ipc.socket";
    /** Environment variable naming the socket. */
    public static final String ENV_SOCKET = "CHORUS_IPC_SOCKET";

    private IpcProtocol() {
    }

    /** The name of a frame type, for messages. */
    public static String typeName(int type) {
        switch (type) {
            case HELLO: return "HELLO";
            case HELLO_REPLY: return "HELLO_REPLY";
            case REQUEST: return "REQUEST";
            case RESPONSE: return "RESPONSE";
            case DISPATCH: return "DISPATCH";
            case CLOSED: return "CLOSED";
            default: return "type " + type;
        }
    }

    /** Writes a frame header for a body of {@code bodyLength} bytes at {@code out}'s position (advances it). */
    public static void putHeader(ByteBuffer out, int type, int fn, int id, int bodyLength) {
        putHeader(out, type, 0, fn, id, bodyLength);
    }

    /** As {@link #putHeader(ByteBuffer, int, int, int, int)} with {@code flags} ({@link #FLAG_POSTED}). */
    public static void putHeader(ByteBuffer out, int type, int flags, int fn, int id, int bodyLength) {
        ByteBuffer b = out.order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(HEADER_SIZE - 4 + bodyLength);
        b.putShort((short) type);
        b.putShort((short) flags);
        b.putInt(fn);
        b.putInt(id);
    }

    /** A HELLO body naming {@code engine}. */
    public static ByteBuffer helloBody(String engine, int major, int minor) {
        byte[] name = engine.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > MAX_ENGINE_NAME) {
            throw new IllegalArgumentException("engine name must be 1.." + MAX_ENGINE_NAME + " UTF-8 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(10 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short) major).putShort((short) minor).putShort((short) name.length).put(name);
        return b.flip();
    }

    /** A HELLO_REPLY body. */
    public static ByteBuffer helloReplyBody(int status, long sessionId, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(20 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(status).putShort((short) MAJOR).putShort((short) MINOR).putInt(MAX_MESSAGE).putLong(sessionId)
                .put(text);
        return b.flip();
    }

    /** A CLOSED body: why the server ends the connection. */
    public static ByteBuffer closedBody(int status, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(status).put(text);
        return b.flip();
    }

    /** The UTF-8 text from {@code b}'s position to its limit. */
    public static String text(ByteBuffer b) {
        byte[] t = new byte[b.remaining()];
        b.duplicate().get(t);
        return new String(t, StandardCharsets.UTF_8);
    }
}
