package io.chorus.api.clm;

/** {@code SaClmClusterNotificationT}: a node and what happened to it. */
public record ClmNotification(ClmNode clusterNode, ClmClusterChange clusterChange) {
}
