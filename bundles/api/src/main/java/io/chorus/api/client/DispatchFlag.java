package io.chorus.api.client;

/** How a handle's dispatch runs callbacks ({@code cs_dispatch_flags_t}, with Corosync's meanings). */
public enum DispatchFlag {
    /** Wait for one callback and run it. */
    ONE,
    /** Run every callback pending now; do not wait. */
    ALL,
    /** Run callbacks as they come until the handle is finalized. */
    BLOCKING,
    /** Run one callback if one is pending; do not wait. */
    ONE_NONBLOCKING
}
