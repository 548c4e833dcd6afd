package io.chorus.api.cpg;

/**
 * {@code cpg_guarantee_t}. Every message is delivered in agreed (total) order whatever is asked: Corosync 3
 * has no separate SAFE or UNORDERED mode either (services.md §1.3, corosync-wire.md §3.3).
 */
public enum CpgGuarantee {
    UNORDERED,
    FIFO,
    AGREED,
    SAFE
}
