package io.chorus.totem.pg;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.TotemCore;
import io.chorus.totem.TotemDriver;
import io.chorus.totem.TotemOutput;
import io.chorus.totem.TotemTimer;
import java.nio.ByteBuffer;

/**
 * totempg for one node: group messaging on top of a {@link TotemCore}.
 *
 * <p>Outbound, {@link #mcast} packs a group message into the core's send queue (whole or not at all).
 * Inbound, the core's upcalls — {@link #deliver}, {@link #tokenReceived}, {@link #configurationChange} —
 * unpack, reassemble and route messages to the listeners that {@link #join joined} their group, and pass
 * configuration changes on to those listeners in order with the messages.
 *
 * <p>Wiring, since the core wants its output at construction and totempg wants the core as its sink:
 * <pre>{@code
 * TotemPg pg = new TotemPg(parameters.maxPayload());
 * pg.join(TotemPgGroup.A, executive);          // service exec messages
 * pg.join(TotemPgGroup.SYNC, syncEngine);      // sync protocol
 * TotemCore core = new TotemCore(nodeId, parameters, store, pg.wrap(driver), random);   // driver: a {@link TotemDriver}
 * pg.attach(PacketSink.of(core));
 * }</pre>
 * Before {@link #attach} every {@code mcast} answers {@link McastResult#TRY_AGAIN}. Single-threaded: call it
 * on the ring's thread only.
 */
public final class TotemPg {

    /** Largest application message (group header not counted). Larger ones get {@link McastResult#TOO_LARGE}. */
    public static final int MAX_MESSAGE_SIZE = 1024 * 1024;

    private final TotemPgCounters counters = new TotemPgCounters();
    private final TotemPgGroups groups = new TotemPgGroups(counters);
    private final TotemPgAssembler assembler = new TotemPgAssembler(groups, counters);
    private final AttachableSink sink = new AttachableSink();
    private final TotemPgPacker packer;

    /** @param maxPayload {@code TotemParameters.maxPayload()}: the largest packet the core sends */
    public TotemPg(int maxPayload) {
        this.packer = new TotemPgPacker(maxPayload, sink, counters);
    }

    public TotemPg(int maxPayload, PacketSink sink) {
        this(maxPayload);
        attach(sink);
    }

    /** Where packets go from now on (usually {@code PacketSink.of(core)}). */
    public void attach(PacketSink target) {
        sink.target = target;
    }

    // ---- outbound

    /**
     * Multicasts one message to {@code group} in agreed order: the remaining bytes of {@code iov}, in order
     * (positions are not moved; the bytes are copied before this returns). {@link McastResult#TRY_AGAIN}
     * means nothing was queued: the send queue cannot take the whole message now.
     */
    public McastResult mcast(TotemPgGroup group, ByteBuffer... iov) {
        return wakeTokenIfQueued(packer.mcast(group, iov));
    }

    /** {@link #mcast(TotemPgGroup, ByteBuffer...)} for one buffer, without the varargs array. */
    public McastResult mcast(TotemPgGroup group, ByteBuffer message) {
        return wakeTokenIfQueued(packer.mcast(group, message));
    }

    private McastResult wakeTokenIfQueued(McastResult result) {
        if (result == McastResult.OK) {
            sink.tokenWanted();
        }
        return result;
    }

    /** Admission control's question: would a message of {@code applicationBytes} to {@code group} be taken now? */
    public boolean canMcast(TotemPgGroup group, int applicationBytes) {
        return packer.canAccept(group, applicationBytes);
    }

    // ---- subscriptions

    /** Delivers the messages of {@code group} (and configuration changes) to {@code listener}. */
    public void join(TotemPgGroup group, TotemPgListener listener) {
        groups.join(group, listener);
    }

    public void leave(TotemPgGroup group) {
        groups.leave(group);
    }

    // ---- upcalls from the core (see wrap)

    /** A totempg packet delivered by the core in agreed order. */
    public void deliver(int senderNodeId, ByteBuffer payload) {
        assembler.deliver(senderNodeId, payload);
    }

    /** The token is here: the last moment to send the partly filled packet in this rotation. */
    public void tokenReceived() {
        packer.flush();
    }

    /** Frees the reassembly state of senders that left, then tells the listeners. */
    public void configurationChange(ConfigurationChange change) {
        if (change.left() != null) {
            for (int nodeId : change.left()) {
                assembler.senderLeft(nodeId);
            }
        }
        groups.configurationChange(change);
    }

    /**
     * While the SRP waits for the sync engine to acknowledge a new configuration, Corosync reassembles in a
     * separate set of buffers (see {@link TotemPgAssembler}); call with true when that window opens and false
     * when it closes. The core reports the window through {@link TotemOutput#transitionAcknowledgementPending}, which
     * {@link #wrap} forwards here.
     */
    public void waitingTransAck(boolean waiting) {
        assembler.transitionalMode(waiting);
    }

    /**
     * The {@link TotemOutput} for the core: deliveries are reassembled here and handed to the groups; packets and
     * timers go to {@code driver}; a token runs the driver's {@link TotemDriver#tokenReceived} and then flushes
     * totempg; transitions and configuration changes reach totempg first, then the driver.
     */
    public TotemOutput wrap(TotemDriver driver) {
        TotemPg pg = this;
        return new TotemOutput() {
            @Override
            public void unicast(int nodeId, ByteBuffer packet) {
                driver.unicast(nodeId, packet);
            }

            @Override
            public void multicast(ByteBuffer packet) {
                driver.multicast(packet);
            }

            @Override
            public void multicastStored(ByteBuffer packet) {
                driver.multicastStored(packet);
            }

            @Override
            public void setTimer(TotemTimer timer, long delayMillis) {
                driver.setTimer(timer, delayMillis);
            }

            @Override
            public void cancelTimer(TotemTimer timer) {
                driver.cancelTimer(timer);
            }

            @Override
            public void tokenReceived() {
                driver.tokenReceived();
                pg.tokenReceived();
            }

            @Override
            public void transitionAcknowledgementPending(boolean pending) {
                pg.waitingTransAck(pending);
                driver.transitionAcknowledgementPending(pending);
            }

            @Override
            public void deliver(int senderNodeId, ByteBuffer payload) {
                pg.deliver(senderNodeId, payload);
            }

            @Override
            public void configurationChange(ConfigurationChange change) {
                pg.configurationChange(change);
                driver.configurationChange(change);
            }
        };
    }

    // ---- inspection

    public TotemPgCounters counters() {
        return counters;
    }

    /** Whether a partly filled packet waits for the token. */
    public boolean hasPending() {
        return packer.hasPending();
    }

    /** Packets of queue space a message of {@code applicationBytes} to {@code group} needs now. */
    public int packetsNeeded(TotemPgGroup group, int applicationBytes) {
        return packer.packetsNeeded(group.headerLength() + applicationBytes);
    }

    TotemPgAssembler assembler() {
        return assembler;
    }

    /** Forwards to the attached sink; refuses everything until one is attached. */
    private static final class AttachableSink implements PacketSink {
        PacketSink target;

        @Override
        public boolean send(ByteBuffer packet) {
            return target != null && target.send(packet);
        }

        @Override
        public boolean send(ByteBuffer head, ByteBuffer body) {
            return target != null && target.send(head, body);
        }

        @Override
        public int free() {
            return target == null ? 0 : target.free();
        }

        @Override
        public void tokenWanted() {
            if (target != null) {
                target.tokenWanted();
            }
        }
    }
}
