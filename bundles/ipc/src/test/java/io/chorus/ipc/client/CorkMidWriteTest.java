package io.chorus.ipc.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.spi.ResponseStatus;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A cork that meets a full socket leaves once. Scripted against a bare server socket, so that the executive reads
 * the start of a cork and answers its first frames while the client is still waiting for room to write the rest: the
 * client reads those answers while it waits, and they must not make it write the cork again.
 */
public class CorkMidWriteTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static final int FN = 7;
    /** Posts after the first: 16 fill the cork (32 KiB), the 17th writes it out. */
    private static final int STREAM = 17;
    private static final int BODY_BYTES = 2000;

    /**
     * Before the mend the answers read during the wait made the pipe look idle (fewer requests unanswered than
     * corked), and the wait wrote the cork again from its start: the executive read a frame length of 0.
     */
    @Test
    public void answersToTheFirstFramesOfACorkBeingWrittenDoNotWriteItAgain() throws Exception {
        Path path = folder.getRoot().toPath().resolve("chorus.sock");
        List<String> bodies = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= STREAM; i++) {
            bodies.add(i + " " + "x".repeat(BODY_BYTES));
            expected.add(label(bodies.get(i)));
        }
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> serve(server));
            ChorusException failure = null;
            try (ChorusConnection c = ChorusConnection.connect(path, "scripted", (fn, body) -> { })) {
                c.limitSendBuffer(4096);  // the kernel doubles it: ~8 KiB, a quarter of a cork
                c.post(FN, text(bodies.get(0)));  // into an idle pipe: written at once, left unanswered
                for (int i = 1; i <= STREAM; i++) {
                    c.post(FN, text(bodies.get(i)));
                }
                c.flush();
            } catch (ChorusException e) {
                failure = e;  // the server's account below says why
            }
            assertEquals(expected, received.get(30, TimeUnit.SECONDS));
            assertNull(failure);
        }
    }

    /**
     * HELLO; the first request, unanswered; a pause while the client corks the stream and blocks writing the cork;
     * then one read of what the socket holds and answers to every whole frame in it; a pause while the client reads
     * those answers, still blocked; then every further frame, checked and answered. The pauses decide only whether
     * the scenario happens, never the verdict on it: a run whose read did not end inside the cork fails, since it would
     * prove nothing. That the client reads the answers within the second pause (it wakes on them within 10 ms) cannot
     * be seen from this side; with it the test failed 4 runs of 4 before the fix.
     */
    private List<String> serve(ServerSocketChannel server) {
        List<String> bodies = new ArrayList<>();
        try (SocketChannel s = server.accept()) {
            Frames in = new Frames(s);
            ByteBuffer hello = in.next();
            answer(s, IpcProtocol.HELLO_REPLY, hello, IpcProtocol.helloReplyBody(ChorusError.OK.code(), 1, null));
            List<ByteBuffer> unanswered = new ArrayList<>();
            unanswered.add(in.next());
            Thread.sleep(300);
            List<ByteBuffer> read = in.wholeFramesOfOneRead();
            if (read.isEmpty() || read.size() >= STREAM) {
                // The pause did not leave the client blocked inside the cork: this run would prove nothing.
                bodies.add("the one read held " + read.size() + " whole frames of the cork, not some of its 16");
                return bodies;
            }
            unanswered.addAll(read);
            for (ByteBuffer request : unanswered) {
                bodies.add(body(request));
                answer(s, IpcProtocol.RESPONSE, request, ResponseStatus.of(ChorusError.OK));
            }
            Thread.sleep(300);
            while (bodies.size() <= STREAM) {
                ByteBuffer request = in.next();
                bodies.add(body(request));
                answer(s, IpcProtocol.RESPONSE, request, ResponseStatus.of(ChorusError.OK));
            }
            in.untilClosed().forEach(extra -> bodies.add(body(extra)));  // none: the client flushed and closed
            return bodies;
        } catch (BadFrame e) {
            bodies.add(e.getMessage());  // the stream lost its frame boundaries: the rest cannot be read
            return bodies;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Cuts the stream into frames (a frame: its length word, then type, flags, fn, id and the body). */
    private static final class Frames {
        private final SocketChannel s;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        Frames(SocketChannel s) {
            this.s = s;
            buf.flip();
        }

        /** The next frame, reading until it is whole. */
        ByteBuffer next() throws IOException {
            ByteBuffer f;
            while ((f = whole()) == null) {
                fill();
            }
            return f;
        }

        /** One read of what the socket holds, and the whole frames that makes. */
        List<ByteBuffer> wholeFramesOfOneRead() throws IOException {
            fill();
            List<ByteBuffer> frames = new ArrayList<>();
            ByteBuffer f;
            while ((f = whole()) != null) {
                frames.add(f);
            }
            return frames;
        }

        /** The whole frames that come until the client closes the connection. */
        List<ByteBuffer> untilClosed() throws IOException {
            List<ByteBuffer> frames = new ArrayList<>();
            while (true) {
                ByteBuffer f = whole();
                if (f != null) {
                    frames.add(f);
                } else if (!fillOrEnd()) {
                    return frames;
                }
            }
        }

        private void fill() throws IOException {
            if (!fillOrEnd()) {
                throw new IOException("the client closed the connection");
            }
        }

        private boolean fillOrEnd() throws IOException {
            buf.compact();
            try {
                return s.read(buf) >= 0;
            } finally {
                buf.flip();
            }
        }

        private ByteBuffer whole() {
            if (buf.remaining() < 4) {
                return null;
            }
            int length = buf.getInt(buf.position());
            if (length < IpcProtocol.HEADER_SIZE - 4 || length > IpcProtocol.MAX_LENGTH_FIELD) {
                throw new BadFrame("frame length " + length);
            }
            if (buf.remaining() < 4 + length) {
                return null;
            }
            ByteBuffer f = ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN);  // buf is compacted later
            f.put(0, buf, buf.position(), 4 + length);
            buf.position(buf.position() + 4 + length);
            return f;
        }
    }

    private static final class BadFrame extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFrame(String message) {
            super(message);
        }
    }

    private static void answer(SocketChannel s, int type, ByteBuffer request, ByteBuffer body) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(IpcProtocol.HEADER_SIZE + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        IpcProtocol.putHeader(out, type, request.getInt(8), request.getInt(12), body.remaining());
        out.put(body.duplicate()).flip();
        while (out.hasRemaining()) {
            s.write(out);
        }
    }

    /** The body's label, or what is wrong with the frame. */
    private static String body(ByteBuffer frame) {
        if (frame.getShort(4) != IpcProtocol.REQUEST || frame.getShort(6) != IpcProtocol.FLAG_POSTED
                || frame.getInt(8) != FN) {
            return "not a posted request " + FN + ": type " + frame.getShort(4) + " flags " + frame.getShort(6)
                    + " fn " + frame.getInt(8);
        }
        return label(IpcProtocol.text(frame.slice(IpcProtocol.HEADER_SIZE, frame.remaining() - IpcProtocol.HEADER_SIZE)));
    }

    /** A body as the assertion shows it: its number and its length. */
    private static String label(String body) {
        int space = body.indexOf(' ');
        return (space < 0 ? "?" : body.substring(0, space)) + " (" + body.length() + " chars)";
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
