package io.chorus.api.evs;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A handle on the EVS service ({@code evs_handle_t}, services.md §7): lightweight group messaging where groups
 * are only per-handle delivery filters kept on the local node. Obtain one with
 * {@link EvsClient#open(io.chorus.api.client.EngineConnection, EvsCallbacks)} or from {@link EvsService};
 * {@link #close()} is {@code evs_finalize}.
 */
public interface Evs extends AutoCloseable {

    /** Most groups one join or leave may name ({@code TOO_MANY_GROUPS} above). */
    int MAX_GROUPS_PER_CALL = 50;

    /** Adds {@code groups} to this handle's filter. Local only: no message, no TRY_AGAIN. */
    void join(List<EvsGroup> groups) throws ChorusException;

    /** Removes {@code groups}; NOT_EXIST when one of them is not joined (then nothing is removed). */
    void leave(List<EvsGroup> groups) throws ChorusException;

    /** Multicasts to every group joined on this handle; TRY_AGAIN while syncing or when the queue is full. */
    void mcastJoined(EvsGuarantee guarantee, ByteBuffer... message) throws ChorusException;

    /** Multicasts to {@code groups}; the sender need not have joined them. */
    void mcastGroups(EvsGuarantee guarantee, List<EvsGroup> groups, ByteBuffer... message) throws ChorusException;

    /**
     * Multicasts as {@link #mcastJoined}, without waiting for the executive's answer (Chorus's streaming call, as
     * {@code Cpg.mcastPipelined}): out of process at most 512 messages or 1 MiB per handle are unanswered and the
     * call waits while that window is full. It never fails with TRY_AGAIN: while the ring cannot take the message
     * the executive holds it, in order with everything else the handle sends. An error found later is thrown by
     * the next pipelined call or {@link #flush}. Messages of one handle are delivered in the order sent.
     */
    void mcastPipelined(EvsGuarantee guarantee, ByteBuffer... message) throws ChorusException;

    /** {@link #mcastGroups} without waiting, as {@link #mcastPipelined}. */
    void mcastGroupsPipelined(EvsGuarantee guarantee, List<EvsGroup> groups, ByteBuffer... message)
            throws ChorusException;

    /** Waits until the executive took every pipelined message; throws the first error among them. */
    void flush() throws ChorusException;

    /** The current totem membership and this node's id. */
    EvsMembership membershipGet() throws ChorusException;

    /** Runs callbacks on the calling thread as {@link DispatchFlag} says; returns how many ran. */
    int dispatch(DispatchFlag flag) throws ChorusException;

    /** Runs callbacks on a daemon thread until {@link #close()}. */
    void startDispatchThread() throws ChorusException;

    @Override
    void close();
}
