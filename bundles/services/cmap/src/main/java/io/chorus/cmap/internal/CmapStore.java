package io.chorus.cmap.internal;

import io.chorus.api.cmap.CmapProtocol;
import io.chorus.api.cmap.CmapValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The node's key/value map and the tracks on it: every change is told to the tracks that match. Event loop. */
final class CmapStore {

    /** One cmap_track_add. */
    record Track(long handle, String key, int flags, Listener listener) {
        boolean matches(String changed, int event) {
            if ((flags & event) == 0) {
                return false;
            }
            return (flags & CmapProtocol.TRACK_PREFIX) != 0 ? changed.startsWith(key) : changed.equals(key);
        }
    }

    interface Listener {
        void changed(Track track, int event, String key, CmapValue newValue, CmapValue oldValue);
    }

    private final TreeMap<String, CmapValue> map = new TreeMap<>();
    private final List<Track> tracks = new ArrayList<>();
    private long nextHandle = 1;

    CmapValue get(String key) {
        return map.get(key);
    }

    void put(String key, CmapValue value) {
        CmapValue old = map.put(key, value);
        if (!value.equals(old)) {
            notify(old == null ? CmapProtocol.TRACK_ADD_EVENT : CmapProtocol.TRACK_MODIFY, key, value, old);
        }
    }

    boolean delete(String key) {
        CmapValue old = map.remove(key);
        if (old != null) {
            notify(CmapProtocol.TRACK_DELETE_EVENT, key, null, old);
        }
        return old != null;
    }

    SortedMap<String, CmapValue> prefix(String prefix) {
        return prefix.isEmpty() ? map : map.subMap(prefix, prefix + Character.MAX_VALUE);
    }

    Map<String, CmapValue> all() {
        return map;
    }

    Track track(String key, int flags, Listener listener) {
        Track t = new Track(nextHandle++, key, flags, listener);
        tracks.add(t);
        return t;
    }

    boolean untrack(long handle, Listener owner) {
        return tracks.removeIf(t -> t.handle() == handle && t.listener() == owner);
    }

    void untrackAll(Listener owner) {
        tracks.removeIf(t -> t.listener() == owner);
    }

    private void notify(int event, String key, CmapValue nv, CmapValue ov) {
        for (Track t : List.copyOf(tracks)) {
            if (t.matches(key, event)) {
                t.listener().changed(t, event, key, nv, ov);
            }
        }
    }
}
