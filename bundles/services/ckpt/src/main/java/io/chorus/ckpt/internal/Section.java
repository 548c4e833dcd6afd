package io.chorus.ckpt.internal;

import io.chorus.api.ckpt.Ckpt;
import io.chorus.api.ckpt.CkptSectionDescriptor;
import io.chorus.api.ckpt.CkptSectionId;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;

/** One section of a replica. Times are ns since the epoch, taken from the ordered message, so replicas agree. */
final class Section {

    final CkptSectionId id;
    byte[] data;
    long expirationTime;
    long lastUpdate;
    /** Local only: when this node asks the ring to expire the section. */
    ScheduledFuture<?> expiryTimer;

    Section(CkptSectionId id, byte[] data, long expirationTime, long lastUpdate) {
        this.id = id;
        this.data = data;
        this.expirationTime = expirationTime;
        this.lastUpdate = lastUpdate;
    }

    /** Writes {@code bytes} at {@code offset}, growing the section (with zeros) as needed. */
    void write(long offset, byte[] bytes, long now) {
        int end = Math.toIntExact(offset + bytes.length);
        if (end > data.length) {
            data = Arrays.copyOf(data, end);
        }
        System.arraycopy(bytes, 0, data, (int) offset, bytes.length);
        lastUpdate = now;
    }

    byte[] read(long offset, int size) {
        if (offset >= data.length) {
            return new byte[0];
        }
        int from = (int) offset;
        return Arrays.copyOfRange(data, from, (int) Math.min(data.length, (long) from + Math.max(0, size)));
    }

    CkptSectionDescriptor descriptor() {
        return new CkptSectionDescriptor(id, expirationTime, data.length, Ckpt.SECTION_VALID, lastUpdate);
    }

    void cancelTimer() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }
}
