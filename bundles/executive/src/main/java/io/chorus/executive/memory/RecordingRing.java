package io.chorus.executive.memory;

import io.chorus.executive.ClusterRing;
import io.chorus.executive.ForwardingClusterRing;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A ring that records, as sent, every exec message (group "a") the executive hands to totempg and the ring
 * took: what engine tests compare byte for byte against Corosync's layouts.
 */
public final class RecordingRing extends ForwardingClusterRing {

    private final ClusterRing ring;
    private final List<byte[]> sentOnA = new ArrayList<>();

    public RecordingRing(ClusterRing ring) {
        this.ring = ring;
    }

    /** The exec messages taken so far, oldest first (live view; event loop only). */
    public List<byte[]> sentOnA() {
        return sentOnA;
    }

    @Override
    protected ClusterRing delegate() {
        return ring;
    }

    @Override
    public McastResult mcast(TotemPgGroup group, ByteBuffer... iov) {
        McastResult result = ring.mcast(group, iov);
        if (result == McastResult.OK && group.equals(TotemPgGroup.A)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuffer part : iov) {
                byte[] bytes = new byte[part.remaining()];
                part.duplicate().get(bytes);
                out.writeBytes(bytes);
            }
            sentOnA.add(out.toByteArray());
        }
        return result;
    }
}
