/**
 * The Chorus IPC client library, and the definition of the IPC wire protocol.
 *
 * <p>Plain JDK 17 (unix-domain {@link java.nio.channels.SocketChannel}), no OSGi, no Netty: an out-of-process
 * program needs only this package and {@code io.chorus.api} on its class path. Start at
 * {@link io.chorus.ipc.client.ChorusConnection}. {@link io.chorus.ipc.client.IpcProbe} is a small command-line
 * program that connects and makes one call (used by the access-control tests; handy for operators too).
 *
 * <h2>Socket</h2>
 * A unix stream socket, by default {@code /run/chorus/chorus.sock}; inside Karaf the server's default is
 * {@code ${karaf.data}/run/chorus.sock} (Config Admin PID {@code io.chorus.ipc}, key {@code socket.path}).
 * Clients take {@code -Dchorus.ipc.socket} or {@code CHORUS_IPC_SOCKET}. The file has mode 0660 and the allowed
 * group as owner group; the server also checks the peer's kernel credentials (SO_PEERCRED, supplementary groups
 * from /proc) once at connect. A refused peer gets HELLO_REPLY {@code ACCESS} (or EACCES from the kernel, which
 * the library also reports as {@code ACCESS}) and the server logs
 * {@code Connection with uid U and gid G not authenticated}.
 *
 * <h2>Connections</h2>
 * One connection per service handle, naming one engine (as libqb: one socket per {@code cpg_initialize}).
 *
 * <h2>Frames</h2>
 * Every frame, both directions, little-endian:
 * <pre>
 * offset size
 *  0      4   length  bytes after this field: 12 + body length; at most 12 + 1 MiB + 4
 *  4      2   type    1 HELLO, 2 HELLO_REPLY, 3 REQUEST, 4 RESPONSE, 5 DISPATCH, 6 CLOSED
 *  6      2   flags   REQUEST: 1 = posted (the client does not wait; never answered TRY_AGAIN, held instead);
 *                     0 otherwise; unknown bits ignored
 *  8      4   fn      the engine's request / response / callback function id (0 for HELLO*, CLOSED)
 * 12      4   id      REQUEST: the client's request id; RESPONSE: the id it answers; DISPATCH: a sequence number
 * 16      n   body
 * </pre>
 * A length beyond the limit, or shorter than a header, is a protocol error: the peer closes the connection
 * (the server logs it). The library never sends one: a request payload over 1 MiB fails locally with
 * {@code TOO_BIG}.
 *
 * <h2>Exchange</h2>
 * <ol>
 * <li>Client → HELLO, body: {@code u32 magic 0x50494843 ("CHIP"), u16 major, u16 minor, u16 name length,
 *     engine name (UTF-8, 1..255 bytes)}.</li>
 * <li>Server → HELLO_REPLY, body: {@code i32 status, u16 major, u16 minor, u32 max message (1 MiB),
 *     u64 session id, UTF-8 reason (rest of the body, may be empty)}. Status is a {@code ChorusError} code:
 *     OK; ACCESS (credentials refused; sent right at connect, before reading the HELLO); VERSION (bad magic or
 *     another major; the minor is never checked); NOT_EXIST (no such engine loaded) or whatever
 *     {@code ClientGateway.open} threw. On anything but OK the server closes the connection.</li>
 * <li>Client → REQUEST (fn, id, payload ≤ 1 MiB). Server → RESPONSE (fn, the same id, body = status word +
 *     payload, see {@link io.chorus.api.spi.ResponseStatus}). Responses come in request order; the library keeps
 *     one waited-for request in flight per handle, plus up to 512 posted ones (flag 1, 1 MiB in all) sent before
 *     it, and checks the ids.</li>
 * <li>Server → DISPATCH (fn, sequence, payload ≤ 1 MiB) at any time after HELLO_REPLY: the engine's callbacks.</li>
 * <li>Server → CLOSED (body: {@code i32 status, UTF-8 reason}) when the executive ends the session (engine
 *     unloaded, node stopping), then closes. The client ends a session by closing the socket; the executive then
 *     cleans up on its behalf ({@code ClientGateway.close}), as it does when the client dies.</li>
 * </ol>
 * A connection that breaks without CLOSED (executive killed) makes the library report {@code LIBRARY}.
 * The server never blocks on a client: answers and callbacks are queued up to a bound (8 MiB by default) and a
 * client that does not read them is disconnected.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.ipc.client;
