package io.chorus.totem.wire;

/** The six totem message types and their wire codes. */
public enum MessageType {
    ORF_TOKEN(0),
    MCAST(1),
    MEMB_MERGE_DETECT(2),
    MEMB_JOIN(3),
    MEMB_COMMIT_TOKEN(4),
    TOKEN_HOLD_CANCEL(5);

    private static final MessageType[] BY_CODE = values();
    private final byte code;

    MessageType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type for a wire code, or {@code null} for a code no Corosync 3 sends. */
    public static MessageType of(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
