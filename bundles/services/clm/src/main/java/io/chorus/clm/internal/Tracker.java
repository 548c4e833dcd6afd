package io.chorus.clm.internal;

import io.chorus.api.spi.ClientSession;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** One CLM handle: whether it initialized, which changes it tracks (0: none), and callbacks about to go out. */
final class Tracker {

    final ClientSession session;
    boolean initialized;
    int trackFlags;
    /** A CURRENT snapshot asked for through the callback: dispatched right after the TRACK answer. */
    ByteBuffer pendingCurrent;
    /** NodeGetAsync answers: dispatched after the call's answer, from the event loop. */
    final ArrayDeque<ByteBuffer> pendingNodeGet = new ArrayDeque<>();

    Tracker(ClientSession session) {
        this.session = session;
    }
}
