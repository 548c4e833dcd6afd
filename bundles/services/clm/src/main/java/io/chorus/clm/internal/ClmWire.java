package io.chorus.clm.internal;

import io.chorus.api.clm.ClmNode;
import io.chorus.api.clm.ClmProtocol;
import java.nio.ByteBuffer;

/**
 * CLM's exec message (Corosync 3 has no CLM, so the layout is Chorus's own): fn 0 NODEJOIN carries the sending
 * node's own {@link ClmNode} in {@link ClmProtocol}'s node encoding. Service id 9 = 8 + OpenAIS's CLM id 1.
 */
final class ClmWire {

    static final int SERVICE_ID = 9;
    static final int NODEJOIN = 0;

    private ClmWire() {
    }

    static ByteBuffer nodeJoin(ClmNode self) {
        return ClmProtocol.node(self);
    }
}
