package io.chorus.totem;

import java.nio.ByteBuffer;

/**
 * What a driver (the Netty event loop in production, a simulated network in tests) does for a core: packets and
 * timers, and the upcalls it may want. Over totempg the driver is given to {@code TotemPg.wrap}, which takes the
 * deliveries and calls the driver's upcalls around its own; without totempg a {@link TotemOutput} is both.
 * Calls happen on the thread that called into the core, during that call.
 *
 * <p>Buffers handed out are only valid during the call: a driver that keeps one must copy it.
 */
public interface TotemDriver {

    /** Send a token or commit token to one node (possibly this node itself). */
    void unicast(int nodeId, ByteBuffer packet);

    /**
     * Send a message to every node of the network, <em>this node included</em>: the core relies on
     * receiving its own joins and messages, as Corosync does (there udpu sends to itself and udp loops back;
     * Chorus's transport hands the node its own copy internally).
     */
    void multicast(ByteBuffer packet);

    /**
     * Send a message the core already holds (an MCAST it stored in its sort queue when it numbered it: a first send
     * or a retransmission) to every <em>other</em> node. This node's own copy is not needed, since receiving it would
     * find the sequence number taken. The default sends it like any multicast, own copy included; a driver that
     * copies each packet for the node itself (Chorus's transport) saves that copy here.
     */
    default void multicastStored(ByteBuffer packet) {
        multicast(packet);
    }

    /** Arm (or re-arm) a timer; {@link TotemCore#timerExpired(TotemTimer)} follows after {@code delayMillis}. */
    void setTimer(TotemTimer timer, long delayMillis);

    /** Disarm a timer; cancelling a timer that is not armed is harmless. */
    void cancelTimer(TotemTimer timer);

    /**
     * The token has arrived and the core is about to take new messages from its send queue. Over totempg this
     * runs before totempg flushes its partly filled packet, so what the driver's token listeners multicast here
     * (sync's state) leaves with this very token.
     */
    default void tokenReceived() {
    }

    /**
     * Corosync's waiting_trans_ack window: {@code true} right after a new ring is installed (only messages
     * queued from now on go out, so that sync messages come first), {@code false} once
     * {@link TotemCore#acknowledgeTransition()} reports sync done. C nodes send from a separate queue in this
     * window, so a reassembly layer keeps separate buffers for it.
     */
    default void transitionAcknowledgementPending(boolean pending) {
    }

    /** A transitional or regular configuration change (extended virtual synchrony); over totempg, after its groups. */
    default void configurationChange(ConfigurationChange change) {
    }
}
