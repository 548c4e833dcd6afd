package io.chorus.api.cmap;

/** {@code cmap_notify_fn_t}: event is {@link CmapProtocol#TRACK_ADD}, DELETE or MODIFY; values may be null. */
@FunctionalInterface
public interface CmapTrackListener {

    void changed(long trackHandle, int event, String key, CmapValue newValue, CmapValue oldValue);
}
