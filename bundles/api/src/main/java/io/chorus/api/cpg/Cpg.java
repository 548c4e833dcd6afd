package io.chorus.api.cpg;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A handle on the Closed Process Group service ({@code cpg_handle_t}): the calls of libcpg's {@code cpg.h}
 * (services.md §9.1), the same in-container and out of process. Obtain one with
 * {@link CpgClient#open(io.chorus.api.client.EngineConnection, CpgCallbacks)} or from the {@link CpgService}
 * OSGi service; {@link #close()} is {@code cpg_finalize}.
 *
 * <p>Calls are synchronous and thread-safe; failures are {@link ChorusException}s carrying the
 * {@code cs_error_t} number ({@code TRY_AGAIN} while the cluster syncs or the send queue is full: retry).
 */
public interface Cpg extends AutoCloseable {

    /**
     * Joins {@code group} (one group per handle). EXIST when this handle already joined one, BUSY while a
     * leave is pending, TRY_AGAIN during sync. The join is complete when the confchg naming this process
     * arrives.
     */
    void join(CpgGroup group) throws ChorusException;

    /** Leaves {@code group}: NOT_EXIST when not joined to it, BUSY while the join or a leave is pending. */
    void leave(CpgGroup group) throws ChorusException;

    /**
     * Multicasts the concatenation of {@code message} (remaining bytes, not consumed) to the joined group, in
     * agreed order; the sender gets it back too. Messages above {@link #maxAtomicMessageSize()} go as fragments
     * (PARTIAL_MCAST); TRY_AGAIN only ever means nothing was sent.
     */
    void mcastJoined(CpgGuarantee guarantee, ByteBuffer... message) throws ChorusException;

    /**
     * Multicasts as {@link #mcastJoined}, without waiting for the executive's answer: the message is handed to
     * the executive and this returns (out of process at most 512 messages or 1 MiB per handle are unanswered; the
     * call waits while that window is full). It never fails with TRY_AGAIN: when the ring cannot take the message
     * yet the executive holds it, in order with everything else the handle sends, so a streaming sender needs no
     * retry loop. An error the executive finds later (the handle was not joined, ...) is thrown by the next
     * {@code mcastPipelined} or {@link #flush}. Messages of one handle are delivered in the order sent, whichever
     * of the two methods sent them.
     */
    void mcastPipelined(CpgGuarantee guarantee, ByteBuffer... message) throws ChorusException;

    /** Waits until the executive took every {@link #mcastPipelined} message; throws the first error among them. */
    void flush() throws ChorusException;

    /** The processes of {@code group} as this node knows them now (join order). */
    List<CpgAddress> membershipGet(CpgGroup group) throws ChorusException;

    /** This node's id. */
    int localGet() throws ChorusException;

    /** Groups and processes cluster-wide, as this node knows them ({@code group} only for ONE_GROUP). */
    List<CpgIterationEntry> iteration(CpgIterationType type, CpgGroup group) throws ChorusException;

    /** Whether the node asks senders to pause. */
    CpgFlowControl flowControlStateGet() throws ChorusException;

    /** The largest message sent in one piece ({@code cpg_max_atomic_msgsize_get}). */
    int maxAtomicMessageSize();

    /**
     * Runs callbacks on the calling thread as {@link DispatchFlag} says; returns how many ran (a fragment of a
     * message still being reassembled does not count: ONE waits for the whole message).
     */
    int dispatch(DispatchFlag flag) throws ChorusException;

    /**
     * Runs callbacks on a daemon thread (as {@code dispatch(BLOCKING)}) until {@link #close()}: for in-container
     * users who do not want to own a thread.
     */
    void startDispatchThread() throws ChorusException;

    /** {@code cpg_finalize}: the executive leaves the group on this handle's behalf (reason PROCDOWN). */
    @Override
    void close();
}
