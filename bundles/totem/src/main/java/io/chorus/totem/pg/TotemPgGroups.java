package io.chorus.totem.pg;

import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.pg.TotemPgCounters.Counter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Group subscriptions and routing: parses the group header in front of each reassembled message
 * ({@code u16 group_count, u16 group_len[group_count]}, then the names with no NUL) and hands the rest of
 * the message to the listener of every joined group it names, each listener at most once (a message naming
 * two groups one listener joined reaches it once, under the first). Messages for groups nobody joined are
 * ignored and counted, as Corosync ignores them; a header that does not fit the message is counted and
 * dropped.
 */
public final class TotemPgGroups {

    private final TotemPgCounters counters;
    private TotemPgGroup[] groups = new TotemPgGroup[0];
    private TotemPgListener[] listeners = new TotemPgListener[0];

    public TotemPgGroups(TotemPgCounters counters) {
        this.counters = counters;
    }

    /** Subscribes {@code listener} to {@code group}, replacing an earlier subscriber of that group. */
    public void join(TotemPgGroup group, TotemPgListener listener) {
        for (int i = 0; i < groups.length; i++) {
            if (groups[i].equals(group)) {
                listeners[i] = listener;
                return;
            }
        }
        groups = Arrays.copyOf(groups, groups.length + 1);
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        groups[groups.length - 1] = group;
        listeners[listeners.length - 1] = listener;
    }

    public void leave(TotemPgGroup group) {
        for (int i = 0; i < groups.length; i++) {
            if (groups[i].equals(group)) {
                TotemPgGroup[] g = new TotemPgGroup[groups.length - 1];
                TotemPgListener[] l = new TotemPgListener[listeners.length - 1];
                System.arraycopy(groups, 0, g, 0, i);
                System.arraycopy(groups, i + 1, g, i, g.length - i);
                System.arraycopy(listeners, 0, l, 0, i);
                System.arraycopy(listeners, i + 1, l, i, l.length - i);
                groups = g;
                listeners = l;
                return;
            }
        }
    }

    /**
     * Routes one whole message (group header included, from position to limit). The buffer's position and
     * limit are moved during the call and restored before it returns.
     */
    void route(int senderNodeId, ByteBuffer message) {
        counters.increment(Counter.MESSAGES_RECEIVED);
        int start = message.position();
        int end = message.limit();
        int length = end - start;
        if (length < 2) {
            counters.increment(Counter.MESSAGES_MALFORMED);
            return;
        }
        int groupCount = TotemPgPacket.u16(message, start);
        int namesAt = start + 2 + 2 * groupCount;
        if (namesAt > end) {
            counters.increment(Counter.MESSAGES_MALFORMED);
            return;
        }
        int payloadAt = namesAt;
        for (int g = 0; g < groupCount; g++) {
            payloadAt += TotemPgPacket.u16(message, start + 2 + 2 * g);
        }
        if (payloadAt > end) {
            counters.increment(Counter.MESSAGES_MALFORMED);
            return;
        }
        boolean routed = false;
        TotemPgGroup[] subscribed = groups;
        TotemPgListener[] subscribers = listeners;
        try {
            for (int s = 0; s < subscribed.length; s++) {
                if (!names(message, start, groupCount, namesAt, subscribed[s]) || deliveredBefore(s, message,
                        start, groupCount, namesAt, subscribed, subscribers)) {
                    continue;
                }
                routed = true;
                message.limit(end).position(payloadAt);
                subscribers[s].deliver(senderNodeId, subscribed[s], message);
            }
        } finally {
            message.limit(end).position(start);
        }
        if (!routed) {
            counters.increment(Counter.MESSAGES_UNROUTED);
        }
    }

    /** Passes a configuration change to every distinct listener once, in the order they joined. */
    void configurationChange(ConfigurationChange change) {
        TotemPgListener[] subscribers = listeners;
        for (int s = 0; s < subscribers.length; s++) {
            if (!seenBefore(subscribers, s)) {
                subscribers[s].configurationChange(change);
            }
        }
    }

    /** Whether the header of the message names {@code group}. */
    private static boolean names(ByteBuffer message, int start, int groupCount, int namesAt, TotemPgGroup group) {
        int at = namesAt;
        for (int g = 0; g < groupCount; g++) {
            int len = TotemPgPacket.u16(message, start + 2 + 2 * g);
            if (group.matches(message, at, len)) {
                return true;
            }
            at += len;
        }
        return false;
    }

    /** Whether the listener of subscription {@code s} already got this message through an earlier group. */
    private static boolean deliveredBefore(int s, ByteBuffer message, int start, int groupCount, int namesAt,
            TotemPgGroup[] subscribed, TotemPgListener[] subscribers) {
        for (int earlier = 0; earlier < s; earlier++) {
            if (subscribers[earlier] == subscribers[s] && names(message, start, groupCount, namesAt,
                    subscribed[earlier])) {
                return true;
            }
        }
        return false;
    }

    private static boolean seenBefore(TotemPgListener[] subscribers, int s) {
        for (int earlier = 0; earlier < s; earlier++) {
            if (subscribers[earlier] == subscribers[s]) {
                return true;
            }
        }
        return false;
    }
}
