package io.chorus.api.clm;

import java.util.List;

/** {@code SaClmClusterNotificationBufferT}: the view number (ring seq / 4) and the notifications. */
public record ClmNotificationBuffer(long viewNumber, List<ClmNotification> notification) {

    public ClmNotificationBuffer {
        notification = List.copyOf(notification);
    }
}
