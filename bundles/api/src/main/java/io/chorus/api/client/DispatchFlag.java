package io.chorus.api.client;

/**
 * How a handle's dispatch runs callbacks ({@code cs_dispatch_flags_t}, with Corosync's meanings). Every client
 * handle dispatches through {@link CallbackLoop}, whose comment states the semantics in full (what counts, when
 * an error is thrown).
 */
public enum DispatchFlag {
    /** Wait until one callback has been run, run exactly that one. */
    ONE,
    /** Run every callback pending now; do not wait. */
    ALL,
    /** Run callbacks as they come until the handle is finalized (a close from another thread ends it quietly). */
    BLOCKING,
    /** Run one callback if one is pending; do not wait. */
    ONE_NONBLOCKING
}
