package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;

import io.chorus.api.ChorusError;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The client cuts the executive's stream into frames however the socket hands it over: frames split across reads at
 * every kind of place, partial frames carried over to the next read, frames larger than the read buffer. A scripted
 * server writes 54 callbacks in odd-sized pieces (1 B to 64 KiB + 1), so a frame's bytes come in several writes and
 * most reads end inside a frame; every callback must arrive whole, in order. The 1-ms pauses between writes only make
 * such reads likelier, the verdict never depends on them; a read buffer that loses its place (its unparsed start off
 * by one, or never moved to the front) fails it.
 */
public class FramesInPiecesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /** Sizes around the client's 64 KiB read buffer, one that outgrows it, and a run of 9 000-byte frames. */
    private static final int[] BODY_SIZES = sizes();

    private static int[] sizes() {
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 10, 16_383, 16_384, 48_000, 65_520, 65_536, 100_000, 3));
        for (int i = 0; i < 40; i++) {
            sizes.add(9_000 + i);
        }
        sizes.addAll(List.of(300_000, 70, 64_000, 5));
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Piece lengths the server cycles through: a byte, a header's worth, odd amounts below and above a frame. */
    private static final int[] PIECES = {1, 7, 16, 4093, 1, 9001, 30_011, 2, 65_537};

    @Test
    public void everyCallbackArrivesWholeAndInOrderHoweverTheStreamIsCut() throws Exception {
        Path path = folder.getRoot().toPath().resolve("chorus.sock");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serve(server));
            try (ChorusConnection c = ChorusConnection.connect(path, "scripted",
                    (fn, body) -> received.add(check(fn, body)))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received.size() < BODY_SIZES.length && System.nanoTime() < deadline) {
                    c.dispatch(Duration.ofMillis(100));
                }
            }
            served.get(30, TimeUnit.SECONDS);
        }
        List<String> expected = new ArrayList<>();
        for (int fn = 0; fn < BODY_SIZES.length; fn++) {
            expected.add(fn + ": " + BODY_SIZES[fn] + " bytes intact");
        }
        assertEquals(expected, received);
    }

    /** What the callback got: its number, its length, and whether every byte is the one the server wrote. */
    private static String check(int fn, ByteBuffer body) {
        int n = body.remaining();
        for (int i = 0; i < n; i++) {
            if (body.get(body.position() + i) != pattern(fn, i)) {
                return fn + ": " + n + " bytes, byte " + i + " wrong";
            }
        }
        return fn + ": " + n + " bytes intact";
    }

    private static byte pattern(int fn, int i) {
        return (byte) (fn * 31 + i * 7 + (i >>> 8));
    }

    private static void serve(ServerSocketChannel server) {
        try (SocketChannel s = server.accept()) {
            ByteBuffer hello = readFrame(s);
            write(s, frame(IpcProtocol.HELLO_REPLY, hello.getInt(8), hello.getInt(12),
                    IpcProtocol.helloReplyBody(ChorusError.OK.code(), 1, null)));
            ByteBuffer stream = ByteBuffer.allocate(Arrays.stream(BODY_SIZES).sum() + BODY_SIZES.length * IpcProtocol.HEADER_SIZE);
            for (int fn = 0; fn < BODY_SIZES.length; fn++) {
                ByteBuffer body = ByteBuffer.allocate(BODY_SIZES[fn]);
                for (int i = 0; i < BODY_SIZES[fn]; i++) {
                    body.put(i, pattern(fn, i));
                }
                stream.put(frame(IpcProtocol.DISPATCH, fn, 0, body));
            }
            stream.flip();
            for (int piece = 0; stream.hasRemaining(); piece++) {
                ByteBuffer part = stream.slice(stream.position(), Math.min(PIECES[piece % PIECES.length], stream.remaining()));
                stream.position(stream.position() + part.remaining());
                write(s, part);
                Thread.sleep(1);  // let the client read what is there: a partial frame, most of the time
            }
            readFrame(s);  // blocks until the client closes (it sends nothing more), or ends at EOF
        } catch (IOException e) {
            // the client closed the connection: the script is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ByteBuffer frame(int type, int fn, int id, ByteBuffer body) {
        ByteBuffer out = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        IpcProtocol.putHeader(out, type, fn, id, body.remaining());
        out.put(body.duplicate()).flip();
        return out;
    }

    private static void write(SocketChannel s, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            s.write(b);
        }
    }

    /** One whole frame (length word included) from the client. */
    private static ByteBuffer readFrame(SocketChannel s) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(s, length);
        ByteBuffer f = ByteBuffer.allocate(4 + length.getInt(0)).order(ByteOrder.LITTLE_ENDIAN);
        f.put(length.flip());
        readFully(s, f);
        return f.flip();
    }

    private static void readFully(SocketChannel s, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (s.read(b) < 0) {
                throw new IOException("closed");
            }
        }
    }
}
