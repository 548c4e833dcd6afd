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

    private ByteBuf cumulation;
    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (failed) {
            in.release();
            return;
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
                if (cumulation.readableBytes() < 4 + length) {
                    break;
                }
                cumulation.skipBytes(4);
                int type = cumulation.readUnsignedShortLE();
                int flags = cumulation.readUnsignedShortLE();
                int fn = cumulation.readIntLE();
                int id = cumulation.readIntLE();
                ByteBuffer body = ByteBuffer.allocate(length - (IpcProtocol.HEADER_SIZE - 4)).order(ByteOrder.LITTLE_ENDIAN);
                cumulation.readBytes(body);
                body.flip();
                ctx.fireChannelRead(new Frame(type, flags, fn, id, body));
                if (failed || cumulation == null) {
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

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
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
