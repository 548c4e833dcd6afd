package io.chorus.api.clm;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;

/**
 * A handle on the Cluster Membership service (SA Forum CLM B.01.01, services.md §3). Obtain one with
 * {@link ClmClient#initialize} or {@link ClmService#initialize}; {@link #close()} is {@code saClmFinalize}.
 */
public interface Clm extends AutoCloseable {

    /** {@code SA_CLM_LOCAL_NODE_ID}: this node. */
    int LOCAL_NODE_ID = 0xffffffff;

    /** The version the service implements (what {@code saClmInitialize} writes back). */
    ClmVersion version();

    /**
     * {@code saClmClusterTrack} with a notification buffer: starts tracking for CHANGES or CHANGES_ONLY and, with
     * CURRENT, returns the current membership (null without CURRENT). BAD_FLAGS for no known flag or both
     * CHANGES bits.
     */
    ClmNotificationBuffer clusterTrack(int flags) throws ChorusException;

    /** {@code saClmClusterTrack} with a NULL buffer: the CURRENT membership comes through the track callback. */
    void clusterTrackCallback(int flags) throws ChorusException;

    /** NOT_EXIST when tracking was not on. */
    void clusterTrackStop() throws ChorusException;

    /**
     * The node {@code nodeId} ({@link #LOCAL_NODE_ID} for this one): NOT_EXIST when it is not known (OpenAIS
     * returned OK with an empty node; services.md §12), TIMEOUT for a zero timeout.
     */
    ClmNode clusterNodeGet(int nodeId, long timeoutNanos) throws ChorusException;

    /** The answer comes through {@link ClmCallbacks#clusterNodeGet} with {@code invocation}. */
    void clusterNodeGetAsync(long invocation, int nodeId) throws ChorusException;

    /** Runs callbacks on the calling thread as {@link DispatchFlag} says; returns how many ran. */
    int dispatch(DispatchFlag flag) throws ChorusException;

    /** Runs callbacks on a daemon thread (as {@code dispatch(BLOCKING)}) until {@link #close()}. */
    void startDispatchThread() throws ChorusException;

    @Override
    void close();
}
