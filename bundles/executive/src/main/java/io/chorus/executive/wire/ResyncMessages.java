package io.chorus.executive.wire;

import io.chorus.totem.RingId;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;

/**
 * Chorus's own extension: a sync round for engines loaded on a running ring, outside any configuration
 * change, on the totempg group {@code "chorus-sync"}. Corosync nodes never join that group, so their totempg
 * drops these messages unseen and their sync state is never touched. One layout for all three, with the
 * header and ring id of {@link SyncMessages}: {@code 0 id}, {@code 8 size}, {@code 16 ring_id},
 * {@code 28 i32 round}, {@code 32 i32 entries}, {@code 36 pad}, {@code 40 i32 service ids[entries]}.
 * <ul>
 * <li>RESYNC_REQUEST ({@code 0x100}): "these engines were loaded here and need the cluster's state"; round 0;</li>
 * <li>RESYNC_BUILD ({@code 0x101}): the sender's engines among the round's that already hold the cluster's
 *     state;</li>
 * <li>RESYNC_BARRIER ({@code 0x102}): no entries; ends the sender's turn for the current service.</li>
 * </ul>
 * {@code round} numbers the resync rounds started on this ring (the same on every node: rounds start in
 * agreed order).
 */
public final class ResyncMessages {

    public static final TotemPgGroup GROUP = TotemPgGroup.of("chorus-sync");

    public static final int REQUEST = 0x100;
    public static final int BUILD = 0x101;
    public static final int BARRIER = 0x102;

    static final int ROUND_AT = 28;

    private ResyncMessages() {
    }

    public static ByteBuffer request(RingId ring, int[] serviceIds) {
        return message(REQUEST, ring, 0, serviceIds);
    }

    public static ByteBuffer build(RingId ring, int round, int[] serviceIds) {
        return message(BUILD, ring, round, serviceIds);
    }

    public static ByteBuffer barrier(RingId ring, int round) {
        return message(BARRIER, ring, round, new int[0]);
    }

    private static ByteBuffer message(int type, RingId ring, int round, int[] serviceIds) {
        if (serviceIds.length > SyncMessages.MAX_SERVICES) {
            throw new IllegalArgumentException("too many services");
        }
        ByteBuffer b = SyncMessages.header(type, SyncMessages.LIST_AT + 4 * serviceIds.length, ring);
        b.putInt(ROUND_AT, round);
        b.putInt(SyncMessages.ENTRIES_AT, serviceIds.length);
        for (int i = 0; i < serviceIds.length; i++) {
            b.putInt(SyncMessages.LIST_AT + 4 * i, serviceIds[i]);
        }
        return b;
    }

    /** The type of the message, or -1 when it is malformed. */
    public static int type(ByteBuffer message) {
        if (!ExecHeader.isWellFormed(message) || message.remaining() < SyncMessages.LIST_AT) {
            return -1;
        }
        int id = ExecHeader.readId(message);
        if (id != REQUEST && id != BUILD && id != BARRIER) {
            return -1;
        }
        int entries = Le.i32(message, message.position() + SyncMessages.ENTRIES_AT);
        return entries >= 0 && entries <= SyncMessages.MAX_SERVICES
                && message.remaining() == SyncMessages.LIST_AT + 4 * entries ? id : -1;
    }

    public static int round(ByteBuffer message) {
        return Le.i32(message, message.position() + ROUND_AT);
    }

    public static int[] services(ByteBuffer message) {
        return SyncMessages.serviceList(message);
    }
}
