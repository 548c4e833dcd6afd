package io.chorus.api.evs;

/**
 * {@code evs_guarantee_t}. As in every OpenAIS/Corosync release, everything is delivered in agreed order:
 * FIFO is agreed, and UNORDERED and SAFE (declared "not implemented" in {@code evs.h}) are delivered agreed too.
 */
public enum EvsGuarantee {
    UNORDERED,
    FIFO,
    AGREED,
    SAFE
}
