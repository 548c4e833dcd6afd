package io.chorus.totem;

import java.nio.ByteBuffer;

/**
 * Everything the protocol core does to the world goes through this interface; the driver (the Netty
 * event loop in production, the simulator in tests) implements it. Calls happen on the thread that
 * called into the core, during that call.
 *
 * <p>Buffers handed out are only valid during the call: a driver that keeps one must copy it.
 */
public interface TotemOutput {

    /** Send a token or commit token to one node (possibly this node itself). */
    void unicast(int nodeId, ByteBuffer packet);

    /**
     * Send a message to every node of the network, <em>this node included</em>: the core relies on
     * receiving its own joins and messages, as Corosync does (udpu sends to itself, udp loops back).
     */
    void multicast(ByteBuffer packet);

    /** Arm (or re-arm) a timer; {@link TotemCore#timerExpired(TotemTimer)} follows after {@code delayMillis}. */
    void setTimer(TotemTimer timer, long delayMillis);

    /** Disarm a timer; cancelling a timer that is not armed is harmless. */
    void cancelTimer(TotemTimer timer);

    /**
     * The token has arrived and the core is about to take new messages from its send queue: the last
     * moment for a packing layer (totempg) to flush a partly filled packet into {@link TotemCore#send}.
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

    /** Agreed-order delivery of one message's payload, sent by {@code senderNodeId}. */
    void deliver(int senderNodeId, ByteBuffer payload);

    /** A transitional or regular configuration change (extended virtual synchrony). */
    void configurationChange(ConfigurationChange change);
}
