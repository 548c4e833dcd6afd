package io.chorus.transport;

import io.chorus.config.TotemSettings;
import io.chorus.totem.TotemParameters;

/** Fills the core's {@link TotemParameters} from a resolved {@code totem { }} section. */
public final class TotemConfigs {
    private TotemConfigs() { }

    /**
     * Bytes of packets a node may queue before sends answer TRY_AGAIN: four of the largest message, as Corosync
     * sizes its queue ({@code MESSAGE_QUEUE_MAX}, 2 796 packets at netmtu 1500). It was 16 384 packets (24 MB):
     * a stream kept it full, so each message waited ~0.1 s and left cold from the cache (profile: 6% of the
     * sender's loop stalled on the first touch of a queued frame), for no more throughput; the rotation takes at
     * most window_size packets from it. Counted in packets, so a larger netmtu gets proportionally fewer.
     */
    public static final int SEND_QUEUE_BYTES = 4 << 20;

    /** Packets a node may queue at this {@code netmtu}. */
    public static int sendQueueCapacity(int netmtu) {
        return SEND_QUEUE_BYTES / netmtu;
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
