package io.chorus.ckpt.internal;

import io.chorus.api.ckpt.CkptSectionDescriptor;
import io.chorus.api.spi.ClientSession;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** One client handle on this node: its open checkpoints and section iterators. */
final class CkptSession {

    record Open(long checkpointId, int flags) {
    }

    final ClientSession session;
    boolean initialized;
    /** The library function waiting for an ordered answer (one request in flight per session). */
    int pendingFn;
    final Map<Long, Open> opens = new LinkedHashMap<>();
    final Map<Long, ArrayDeque<CkptSectionDescriptor>> iterators = new HashMap<>();
    private long nextHandle = 1;

    CkptSession(ClientSession session) {
        this.session = session;
    }

    long add(Open open) {
        long h = nextHandle++;
        opens.put(h, open);
        return h;
    }

    long addIterator(ArrayDeque<CkptSectionDescriptor> sections) {
        long h = nextHandle++;
        iterators.put(h, sections);
        return h;
    }
}
