package io.chorus.evs.internal;

import io.chorus.api.evs.EvsGroup;
import io.chorus.api.evs.EvsProtocol;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * EVS's one exec message. Corosync 3 has no EVS, so the layout is Chorus's own (little-endian): {@code u32 n,
 * n × 32-byte group key, payload}. Service id 8 = 8 + OpenAIS's EVS id 0: Chorus gives the OpenAIS services
 * ids 8 + their historic id (EVS 8, CLM 9, AMF 10, CKPT 11, EVT 12), above Corosync's 0..7.
 */
final class EvsWire {

    static final int SERVICE_ID = 8;

    /** fn 0: a multicast to a set of groups. */
    static final int MCAST = 0;

    private EvsWire() {
    }

    /** The message's header (group list); the payload goes as a second buffer, not copied. */
    static ByteBuffer header(List<EvsGroup> groups) {
        ByteBuffer b = LittleEndian.allocate(EvsProtocol.groupsSize(groups));
        EvsProtocol.putGroups(b, groups);
        return b.flip();
    }
}
