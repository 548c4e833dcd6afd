package io.chorus.transport.internal;

import io.netty.channel.socket.DatagramPacket;

/** Where the ring channels hand every received datagram, on the ring's event loop. */
public interface DatagramReceiver {

    /** The packet's content is released by the caller after this returns. */
    void datagram(int ringIndex, DatagramPacket packet);

    /** A send or receive failed at the socket level (counted, logged rate-limited). */
    void socketError(int ringIndex, Throwable cause);
}
