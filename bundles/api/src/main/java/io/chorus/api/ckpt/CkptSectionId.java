package io.chorus.api.ckpt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** {@code SaCkptSectionIdT}: opaque bytes; the empty id is the default section. Immutable. */
public final class CkptSectionId {

    public static final CkptSectionId DEFAULT = new CkptSectionId(new byte[0]);

    private final byte[] id;

    private CkptSectionId(byte[] id) {
        this.id = id;
    }

    public static CkptSectionId of(byte[] id) {
        return id.length == 0 ? DEFAULT : new CkptSectionId(id.clone());
    }

    public static CkptSectionId of(String id) {
        return of(id.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return id.clone();
    }

    public int length() {
        return id.length;
    }

    public boolean isDefault() {
        return id.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CkptSectionId s && Arrays.equals(id, s.id);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return isDefault() ? "(default)" : new String(id, StandardCharsets.UTF_8);
    }
}
