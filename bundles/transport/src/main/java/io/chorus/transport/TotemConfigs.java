package io.chorus.transport;

import io.chorus.config.TotemSettings;
import io.chorus.totem.TotemParameters;

/** Fills the core's {@link TotemParameters} from a resolved {@code totem { }} section. */
public final class TotemConfigs {
    private TotemConfigs() { }

    /** Packets a node may queue before sends answer TRY_AGAIN (the core's own default). */
    public static final int SEND_QUEUE_CAPACITY = 16384;

    /**
     * The core's constants. {@code netmtu} is the budget of a sealed datagram, so the core gets
     * {@code netmtu - overhead}: with crypto on, its packets shrink by the protection's overhead.
     */
    public static TotemParameters parameters(TotemSettings t, int protectionOverhead) {
        return new TotemParameters(t.token(), t.tokenRetransmit(), Math.max(1, t.hold()), t.join(), t.consensus(),
                t.merge(), t.failRecvConst(), t.seqnoUnchangedConst(), t.missCountConst(), t.windowSize(),
                t.maxMessages(), t.netmtu() - protectionOverhead, t.sendJoin(), SEND_QUEUE_CAPACITY);
    }
}
