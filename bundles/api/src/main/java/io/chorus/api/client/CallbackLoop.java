package io.chorus.api.client;

import io.chorus.api.ChorusException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The one {@code dispatch(DispatchFlag)} loop of every client handle ({@code CpgClient}, {@code EvsClient},
 * {@code ClmClient}, {@code CkptClient}, {@code CmapClient}, {@code CfgClient}, {@code QuorumClient},
 * {@code VotequorumClient}): it takes callbacks from the handle's {@link EngineConnection} and gives each to the
 * handle's {@link Handler}, which decodes it. The flags mean what Corosync's {@code cs_dispatch_flags_t} means:
 * <ul>
 * <li>{@link DispatchFlag#ONE}: waits until one callback has been handled, handles exactly that one, returns 1;</li>
 * <li>{@link DispatchFlag#ONE_NONBLOCKING}: handles at most one, and only if one is there now (0 otherwise);
 *     never waits;</li>
 * <li>{@link DispatchFlag#ALL}: handles every callback there now; never waits;</li>
 * <li>{@link DispatchFlag#BLOCKING}: handles callbacks as they come until the handle is closed: a close from
 *     another thread ends it quietly, returning how many were handled.</li>
 * </ul>
 * A callback counts only when the handler says it was handled: one of a function the library does not know (a
 * newer engine's), or a fragment of a message still being reassembled, is consumed but neither counted nor
 * enough to end a ONE or ONE_NONBLOCKING dispatch. The return value is the number of callbacks handled.
 *
 * <p>An error from {@link EngineConnection#poll} (LIBRARY when the executive went away, BAD_HANDLE after close,
 * INTERRUPT) is thrown, except when the handle was closed by its owner ({@code closed} holds) and either the flag
 * is BLOCKING or something was already handled: then the dispatch returns its count quietly. An error from the
 * handler (MESSAGE_ERROR for a malformed callback, say) is always thrown. A waiting {@code poll} that returns no
 * callback ends the dispatch too.
 *
 * <p>An instance holds no state of its own between dispatches and may be shared by the threads that dispatch one
 * handle (the handler decides whether that is safe).
 */
public final class CallbackLoop {

    /** Decodes one callback and runs the user's callback for it. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @return true when {@code cb} was handled and counts; false when it was skipped (an unknown function, a
         *         fragment of a message not complete yet)
         */
        boolean handle(EngineCallback cb) throws ChorusException;
    }

    private final EngineConnection connection;
    private final BooleanSupplier closed;
    private final Handler handler;

    /**
     * @param connection the handle's connection, polled for callbacks
     * @param closed     whether the handle's owner closed it (typically {@code () -> closed} on a volatile field
     *                   set before the connection is closed)
     * @param handler    the handle's decoding
     */
    public CallbackLoop(EngineConnection connection, BooleanSupplier closed, Handler handler) {
        this.connection = Objects.requireNonNull(connection);
        this.closed = Objects.requireNonNull(closed);
        this.handler = Objects.requireNonNull(handler);
    }

    /** Runs callbacks as {@code flag} says (see the class comment); returns how many were handled. */
    public int dispatch(DispatchFlag flag) throws ChorusException {
        boolean justOne = flag == DispatchFlag.ONE || flag == DispatchFlag.ONE_NONBLOCKING;
        boolean wait = flag == DispatchFlag.ONE || flag == DispatchFlag.BLOCKING;
        int n = 0;
        while (!(justOne && n > 0)) {
            EngineCallback cb;
            try {
                cb = connection.poll(wait ? -1 : 0);
            } catch (ChorusException e) {
                if (closed.getAsBoolean() && (flag == DispatchFlag.BLOCKING || n > 0)) {
                    return n; // the owner's close ends a dispatch quietly
                }
                throw e;
            }
            if (cb == null) {
                return n;
            }
            if (handler.handle(cb)) {
                n++;
            }
        }
        return n;
    }
}
