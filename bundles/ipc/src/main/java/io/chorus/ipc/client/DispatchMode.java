package io.chorus.ipc.client;

/** How {@link ChorusConnection#dispatch(DispatchMode)} runs callbacks, as SA Forum's {@code SaDispatchFlagsT}. */
public enum DispatchMode {
    /** Run at most one pending callback, then return (does not wait). */
    ONE,
    /** Run every callback pending now, then return (does not wait). */
    ALL,
    /** Run callbacks as they arrive until the connection is closed by {@link ChorusConnection#close()}. */
    BLOCKING
}
