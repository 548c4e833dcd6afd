package io.chorus.executive.wire;

import io.chorus.totem.RingId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The sync v2 messages of group {@code "sync"} (corosync-wire.md §1.10), byte for byte. The header has the
 * exec header's shape, but {@code id} is the raw message type (no service encoding):
 * <ul>
 * <li>BARRIER, 32 bytes: {@code 0 id=0}, {@code 8 size=32}, {@code 16 ring_id {u32 rep, u64 seq}},
 *     {@code 28 pad};</li>
 * <li>SERVICE_BUILD, 552 bytes: {@code 0 id=1}, {@code 8 size=552}, {@code 16 ring_id}, {@code 28 pad},
 *     {@code 32 i32 service_list_entries}, {@code 36 pad}, {@code 40 i32 service_list[128]}.</li>
 * </ul>
 * Corosync 3.1.7 does no endian conversion here; Chorus writes and reads little-endian.
 */
public final class SyncMessages {

    public static final int BARRIER = 0;
    public static final int SERVICE_BUILD = 1;
    public static final int BARRIER_SIZE = 32;
    public static final int SERVICE_BUILD_SIZE = 552;
    /** Entries of {@code service_list}. */
    public static final int MAX_SERVICES = 128;

    static final int RING_AT = 16;
    static final int ENTRIES_AT = 32;
    static final int LIST_AT = 40;

    private SyncMessages() {
    }

    public static ByteBuffer barrier(RingId ring) {
        ByteBuffer b = header(BARRIER, BARRIER_SIZE, ring);
        return b;
    }

    /** @param serviceIds at most 128 ids; the rest of the list is zero, as C sends it */
    public static ByteBuffer serviceBuild(RingId ring, int[] serviceIds) {
        if (serviceIds.length > MAX_SERVICES) {
            throw new IllegalArgumentException(serviceIds.length + " services; SERVICE_BUILD holds " + MAX_SERVICES);
        }
        ByteBuffer b = header(SERVICE_BUILD, SERVICE_BUILD_SIZE, ring);
        b.putInt(ENTRIES_AT, serviceIds.length);
        for (int i = 0; i < serviceIds.length; i++) {
            b.putInt(LIST_AT + 4 * i, serviceIds[i]);
        }
        return b;
    }

    static ByteBuffer header(int id, int size, RingId ring) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, id).putInt(8, size);
        b.putInt(RING_AT, ring.rep()).putLong(RING_AT + 4, ring.seq());
        return b;
    }

    /** The type of the message at {@code message.position()}, or -1 when it is too short or its size is wrong. */
    public static int type(ByteBuffer message) {
        if (!ExecHeader.isWellFormed(message)) {
            return -1;
        }
        int id = ExecHeader.readId(message);
        int expected = switch (id) {
            case BARRIER -> BARRIER_SIZE;
            case SERVICE_BUILD -> SERVICE_BUILD_SIZE;
            default -> -1;
        };
        return expected == message.remaining() ? id : -1;
    }

    /** Whether the message's ring id is {@code ring} (Corosync memcmp's it). */
    public static boolean isFor(ByteBuffer message, RingId ring) {
        return ring != null && ring.matches(Le.i32(message, message.position() + RING_AT),
                Le.i64(message, message.position() + RING_AT + 4));
    }

    /** The service ids of a SERVICE_BUILD (entries clamped to the list's 128 slots). */
    public static int[] serviceList(ByteBuffer message) {
        int at = message.position();
        int entries = Math.max(0, Math.min(MAX_SERVICES, Le.i32(message, at + ENTRIES_AT)));
        int[] ids = new int[entries];
        for (int i = 0; i < entries; i++) {
            ids[i] = Le.i32(message, at + LIST_AT + 4 * i);
        }
        return ids;
    }
}
