package io.chorus.cfg.internal;

import static io.chorus.api.wire.LittleEndian.allocate;

import io.chorus.api.wire.LittleEndian;
import io.chorus.api.wire.LittleEndian.FixedName;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The cfg engine's exec messages (service id 1). Function ids 0..4 carry Corosync 3 cfg's meanings and layouts
 * ({@code exec/cfg.c}), so that a C node in the ring reads them as its own. A shutdown asks only the shutting
 * node's own clients, as Corosync 3 does, so no other message is needed.
 *
 * <p>Every body starts right after the 16-byte exec header ({@code qb_ipc_request_header}, see the executive's
 * {@code ExecHeader}); the C structs align each member to 8, so the offsets below are the C struct's minus 16.
 * Padding is zero when sent and never read (C nodes leave stack garbage in it, and in a name's value after its
 * length).
 *
 * <pre>
 *  0 RINGREENABLE      mar_message_source_t, 16 B: u32 requesting nodeid at 0, 4 pad, u64 at 8 (C: the
 *                      requester's conn pointer; Chorus: its session id). Corosync 3 never sends it (its library
 *                      call answers NOT_SUPPORTED) and its handler ignores the body.
 *  1 KILLNODE          req_exec_cfg_killnode, 272 B: u32 nodeid at 0, 4 pad, mar_name_t reason at 8
 *                      (u16 length at 8, 6 pad, u8 value[256] at 16). Corosync's libcfg counts the C string's NUL
 *                      in the length (strlen + 1); its handler prints value as a C string and ignores the length.
 *  2 SHUTDOWN          req_exec_cfg_shutdown, empty: the sender is leaving by an agreed shutdown
 *  3 RELOAD_CONFIG     mar_message_source_t, 16 B (corosync-cfgtool -R): not implemented by Chorus, logged
 *  4 CRYPTO_RECONFIG   u32 phase at 0, 4 pad (8 B): not implemented by Chorus, logged
 * </pre>
 */
final class CfgWire {

    static final int SERVICE_ID = 1;

    static final int RINGREENABLE = 0;
    static final int KILLNODE = 1;
    static final int SHUTDOWN = 2;
    static final int RELOAD_CONFIG = 3;
    static final int CRYPTO_RECONFIG = 4;

    /** {@code CS_MAX_NAME_LENGTH}: the reason's value field, its C string NUL included. */
    static final int NAME_MAX = 256;

    /** KILLNODE's reason: Corosync's {@code mar_name_t} (u16 length, value[256] at 8). */
    static final FixedName REASON = LittleEndian.MAR_NAME;
    /** Where the reason starts in KILLNODE's body (the nodeid is aligned(8) too: 4 bytes of padding after it). */
    static final int REASON_AT = 8;
    /** KILLNODE's body: {@code sizeof(struct req_exec_cfg_killnode)} 288 less the 16-byte header. */
    static final int KILLNODE_SIZE = REASON_AT + REASON.size();

    /** {@code mar_message_source_t}: u32 nodeid, u64 conn at 8. */
    static final int SOURCE_SIZE = 16;

    private CfgWire() {
    }

    /** RINGREENABLE from {@code nodeId}'s session {@code sessionId}, shaped as Corosync's message source. */
    static ByteBuffer ringReenable(int nodeId, long sessionId) {
        return allocate(SOURCE_SIZE).putInt(0, nodeId).putLong(8, sessionId);
    }

    /** The requester's session id in a RINGREENABLE body at {@code b}'s position. */
    static long ringReenableSession(ByteBuffer b) {
        if (b.remaining() < SOURCE_SIZE) {
            throw new BufferUnderflowException();
        }
        return b.getLong(b.position() + 8);
    }

    /**
     * KILLNODE for {@code nodeId}: the reason as libcfg's {@code corosync_cfg_kill_node} packs it, UTF-8 cut to
     * at most 255 bytes (on a character boundary) then a NUL, the length counting the NUL; the rest zero.
     */
    static ByteBuffer killNode(int nodeId, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, NAME_MAX - 1);
        while (n < r.length && n > 0 && (r[n] & 0xC0) == 0x80) { // do not split a UTF-8 sequence
            n--;
        }
        byte[] value = new byte[n + 1]; // the C string's NUL, counted as libcfg does
        System.arraycopy(r, 0, value, 0, n);
        return LittleEndian.putFixedName(allocate(KILLNODE_SIZE).putInt(0, nodeId), REASON_AT, REASON, value);
    }

    /** The nodeid of a KILLNODE body at {@code b}'s position; BufferUnderflowException when it is shorter. */
    static int killTarget(ByteBuffer b) {
        if (b.remaining() < 4) {
            throw new BufferUnderflowException();
        }
        return b.getInt(b.position());
    }

    /**
     * The reason of a KILLNODE body at {@code b}'s position: the length's worth of value, up to its first NUL (C
     * senders count the NUL; what follows a NUL is never read). IllegalArgumentException when the length is above
     * 256 or the value runs past the message; BufferUnderflowException when the length itself does.
     */
    static String killReason(ByteBuffer b) {
        byte[] v = LittleEndian.getFixedName(b, b.position() + REASON_AT, REASON);
        int n = 0;
        while (n < v.length && v[n] != 0) {
            n++;
        }
        return new String(v, 0, n, StandardCharsets.UTF_8);
    }
}
