package io.chorus.transport;

import io.chorus.config.TotemSettings;
import io.chorus.totem.TotemParameters;

/** Fills the core's {@link TotemParameters} from a resolved {@code totem { }} section. */
public final class TotemConfigs {
    private TotemConfigs() { }

    /**
     * Bytes of packets a node may queue before sends answer TRY_AGAIN: 16 384 packets at netmtu 1500 (the core's
     * default). The queue is counted in packets, so a larger netmtu gets proportionally fewer (Corosync sizes its
     * queue from netmtu the same way): 16 384 packets of 9000 bytes would be 147 MB of heap.
     */
    public static final int SEND_QUEUE_BYTES = 16384 * 1500;

    /** Packets a node may queue at this {@code netmtu}. */
    public static int sendQueueCapacity(int netmtu) {
        return Math.max(1024, SEND_QUEUE_BYTES / netmtu);
    }

    /**
     * The core's constants. {@code netmtu} is the budget of a sealed datagram, so the core gets
     * {@code netmtu - overhead}: with crypto on, its packets shrink by the protection's overhead.
     */
    public static TotemParameters parameters(TotemSettings t, int protectionOverhead) {
        return new TotemParameters(t.token(), t.tokenRetransmit(), Math.max(1, t.hold()), t.join(), t.consensus(),
                t.merge(), t.failRecvConst(), t.seqnoUnchangedConst(), t.missCountConst(), t.windowSize(),
                t.maxMessages(), t.netmtu() - protectionOverhead, t.sendJoin(), sendQueueCapacity(t.netmtu()));
    }
}
