package io.chorus.cfg.internal;

import io.chorus.api.spi.ClientSession;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/** The tracking clients of this node asked about node {@code origin}'s shutdown, until they all answered. */
final class LocalPoll {

    final int origin;
    final int seq;
    final Set<ClientSession> asked = new LinkedHashSet<>();
    boolean no;
    ScheduledFuture<?> timeout;

    LocalPoll(int origin, int seq) {
        this.origin = origin;
        this.seq = seq;
    }
}
