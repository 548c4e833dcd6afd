package io.chorus.ipc.internal;

import io.chorus.ipc.client.IpcProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Cuts the byte stream into {@link Frame}s (length-prefixed, little-endian; see the protocol in
 * {@code io.chorus.ipc.client}). A length beyond the 1 MiB limit fails the connection with
 * {@link FrameTooLargeException} before any of the body is buffered.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {

    static final class FrameTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FrameTooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    /** Bytes of frames not complete yet, up to the first whose header has arrived whole. */
    private ByteBuf cumulation;
    private boolean failed;
    /**
     * The frame being received straight into its body: once a frame's header is in and its body is not, the rest
     * of the body is copied from each read into the buffer the frame will carry, not first gathered in
     * {@link #cumulation} (a 64 KiB request arrives in several reads; gathering it copied it twice more).
     */
    private ByteBuffer body;
    private int type;
    private int flags;
    private int fn;
    private int id;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (failed) {
            in.release();
            return;
        }
        if (body != null) {
            fillBody(in);
            if (!body.hasRemaining() && !fireBody(ctx)) {
                in.release();
                return;
            }
            if (!in.isReadable()) {
                in.release();
                return;
            }
        }
        if (cumulation == null) {
            cumulation = in;
        } else {
            if (cumulation.writableBytes() < in.readableBytes() || cumulation.refCnt() > 1 || cumulation.isReadOnly()) {
                ByteBuf bigger = ctx.alloc().buffer(cumulation.readableBytes() + in.readableBytes());
                bigger.writeBytes(cumulation);
                cumulation.release();
                cumulation = bigger;
            }
            cumulation.writeBytes(in);
            in.release();
        }
        try {
            while (cumulation.readableBytes() >= 4) {
                int length = cumulation.getIntLE(cumulation.readerIndex());
                if (length < IpcProtocol.HEADER_SIZE - 4 || length > IpcProtocol.MAX_LENGTH_FIELD) {
                    failed = true;
                    ctx.fireExceptionCaught(new FrameTooLargeException(length < 0 || length > IpcProtocol.MAX_LENGTH_FIELD
                            ? "frame of " + Integer.toUnsignedString(length) + " bytes exceeds the limit of "
                                    + IpcProtocol.MAX_LENGTH_FIELD + " (1 MiB message + headers)"
                            : "frame length " + length + " is shorter than a header"));
                    return;
                }
                if (cumulation.readableBytes() < IpcProtocol.HEADER_SIZE) {
                    break;
                }
                boolean whole = cumulation.readableBytes() >= 4 + length;
                cumulation.skipBytes(4);
                type = cumulation.readUnsignedShortLE();
                flags = cumulation.readUnsignedShortLE();
                fn = cumulation.readIntLE();
                id = cumulation.readIntLE();
                body = ByteBuffer.allocate(length - (IpcProtocol.HEADER_SIZE - 4)).order(ByteOrder.LITTLE_ENDIAN);
                fillBody(cumulation);
                if (!whole) {
                    break;  // the rest of the body goes straight into it as it arrives
                }
                if (!fireBody(ctx) || cumulation == null) {
                    return;
                }
            }
        } finally {
            if (cumulation != null && (failed || !cumulation.isReadable())) {
                cumulation.release();
                cumulation = null;
            } else if (cumulation != null) {
                cumulation.discardSomeReadBytes();
            }
        }
    }

    /** Copies what {@code in} has of the body being received (no more). */
    private void fillBody(ByteBuf in) {
        int n = Math.min(in.readableBytes(), body.remaining());
        int limit = body.limit();
        in.readBytes(body.limit(body.position() + n));
        body.limit(limit);
    }

    /** Passes the completed frame on; false when that failed or closed the connection (nothing more is read). */
    private boolean fireBody(ChannelHandlerContext ctx) {
        ByteBuffer complete = body.flip();
        body = null;
        ctx.fireChannelRead(new Frame(type, flags, fn, id, complete));
        return !failed && !ctx.isRemoved();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        body = null;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
