package io.chorus.api.clm;

/** {@code SaClmNodeAddressT}: family INET (1) or INET6 (2) and the address as text (as OpenAIS stores it). */
public record ClmNodeAddress(int family, String value) {

    public static final int INET = 1;
    public static final int INET6 = 2;

    /** {@code SA_CLM_MAX_ADDRESS_LENGTH}. */
    public static final int MAX_LENGTH = 64;
}
