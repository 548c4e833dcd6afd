package io.chorus.totem;

import io.chorus.totem.internal.Srp;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * The Totem single-ring ordering and membership protocol (SRP) of one node, as a pure state machine.
 *
 * <p>It owns no socket, thread or clock. The driver feeds it events — a received packet, an expired
 * timer, a message to send — and the core answers through {@link TotemOutput}: packets to send, timers to
 * arm, messages and configuration changes to deliver. All calls must come from one thread. The same core
 * runs under the Netty event loop in production and under the deterministic simulator in tests.
 */
public final class TotemCore {

    private final Srp srp;

    /**
     * @param nodeId  this node's 32-bit nodeid (non-zero)
     * @param random  source for the {@code send_join} delay; the simulator passes a seeded one
     */
    public TotemCore(int nodeId, TotemParameters parameters, RingIdStore ringIdStore, TotemOutput output,
            RandomGenerator random) {
        if (nodeId == 0) {
            throw new IllegalArgumentException("nodeid 0 is reserved (it marks a LEAVE)");
        }
        this.srp = new Srp(nodeId, parameters, ringIdStore, output, random);
    }

    /** Starts the node: it forms a singleton ring or joins the ring it finds. */
    public void start() {
        srp.start();
    }

    /** A datagram arrived. Malformed packets are counted and dropped, never thrown. */
    public void receive(ByteBuffer packet) {
        srp.receive(packet);
    }

    public void timerExpired(TotemTimer timer) {
        srp.timerExpired(timer);
    }

    /**
     * Queues one payload (a totempg packet, at most {@link TotemParameters#maxPayload()} bytes) to be sent
     * in agreed order. The bytes are copied. Returns false, and counts it, when the queue is full.
     */
    public boolean send(ByteBuffer payload) {
        return srp.send(payload, EMPTY);
    }

    /** As {@link #send(ByteBuffer)}, the payload being {@code head} followed by {@code body} (each copied once). */
    public boolean send(ByteBuffer head, ByteBuffer body) {
        return srp.send(head, body);
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /**
     * A layer above holds a message for the next token (totempg's partly filled packet): release a token the
     * idle ring's representative holds, so it does not wait up to {@code hold} ms.
     */
    public void requestToken() {
        srp.requestToken();
    }

    /** How many more payloads {@link #send} would accept now (admission control asks before it commits). */
    public int sendQueueFree() {
        return srp.sendQueueFree();
    }

    /**
     * The executive finished synchronising the services after a configuration change: messages queued
     * before the change may be sent again. Until then only messages queued after it go out (Corosync's
     * waiting_trans_ack), so that sync messages come first on a new ring.
     */
    public void acknowledgeTransition() {
        srp.acknowledgeTransition();
    }

    /** Clean stop: tells the others this node leaves (they form the new ring without waiting for a timeout). */
    public void leave() {
        srp.leave();
    }

    /** Timeouts that may change on a running ring; every member should apply the same values. */
    public void updateParameters(TotemParameters parameters) {
        srp.updateParameters(parameters);
    }

    public int nodeId() {
        return srp.nodeId();
    }

    public TotemState state() {
        return srp.state();
    }

    public RingId ringId() {
        return srp.ringId();
    }

    /** Members of the current ring in ring order (ascending nodeid); a fresh copy. */
    public int[] members() {
        return srp.members();
    }

    public TotemCounters counters() {
        return srp.counters();
    }

    /** State, ring, membership lists and the ordering variables on one line, for status output and logs. */
    public String describe() {
        return srp.describe();
    }
}
