package io.chorus.cmap.internal;

import io.chorus.api.cmap.CmapProtocol;
import io.chorus.api.cmap.CmapType;
import io.chorus.api.cmap.CmapValue;
import io.chorus.api.wire.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * cmap's exec messages (service 0), bodies only (the executive adds the 16-byte header, so C offset 16 is 0 here).
 *
 * <pre>
 * fn 0 MCAST (Corosync's req_exec_cmap_mcast, corosync-wire.md §1.12): 0 u8 reason (0 SYNC, 1 NEW_CONFIG_VERSION),
 *      8 u8 no_items, 16/24 reserved → 32 bytes; then items, each padded to 8: 0 key {u16 length, 8 value[256]},
 *      264 u8 type, 272 u64 value_len, 280 value. The captured totem.config_version NOT_EXIST message is 328 bytes.
 *      The key is a {@code mar_name_t} ({@link LittleEndian#MAR_NAME}).
 * fn 1 SET (Chorus's): key, value as in {@link CmapProtocol}
 * fn 2 DELETE (Chorus's): key
 * </pre>
 * Corosync 3.1.7 logs and drops fns it does not know, so fns 1-2 are harmless in a mixed ring.
 */
final class CmapWire {

    static final int MCAST = 0;
    static final int SET = 1;
    static final int DELETE = 2;

    static final int REASON_SYNC = 0;
    static final int REASON_NEW_CONFIG_VERSION = 1;

    static final int MCAST_HEADER = 32;
    static final int ITEM_VALUE_OFFSET = 280;

    record Item(String key, CmapType type, byte[] value) {
    }

    private CmapWire() {
    }

    static ByteBuffer mcast(int reason, List<Item> items) {
        int size = MCAST_HEADER;
        for (Item i : items) {
            size += pad8(ITEM_VALUE_OFFSET + i.value().length);
        }
        ByteBuffer b = LittleEndian.allocate(size);
        b.put(0, (byte) reason).put(8, (byte) items.size());
        int at = MCAST_HEADER;
        for (Item i : items) {
            LittleEndian.putFixedName(b, at, LittleEndian.MAR_NAME, i.key().getBytes(StandardCharsets.UTF_8));
            b.put(at + 264, (byte) i.type().code()).putLong(at + 272, i.value().length)
                    .put(at + ITEM_VALUE_OFFSET, i.value());
            at += pad8(ITEM_VALUE_OFFSET + i.value().length);
        }
        return b;
    }

    static int reason(ByteBuffer body) {
        return body.get(body.position()) & 0xff;
    }

    static List<Item> items(ByteBuffer body) {
        ByteBuffer b = body.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = b.get(8) & 0xff;
        List<Item> out = new ArrayList<>(n);
        int at = MCAST_HEADER;
        for (int k = 0; k < n; k++) {
            byte[] key = LittleEndian.getFixedName(b, at, LittleEndian.MAR_NAME);
            CmapType type = CmapType.of(b.get(at + 264) & 0xff);
            long len = b.getLong(at + 272);
            if (len < 0 || len > b.limit() - (at + ITEM_VALUE_OFFSET)) {
                throw new IllegalArgumentException("value of " + Long.toUnsignedString(len) + " bytes at " + at
                        + " overruns the " + b.limit() + "-byte message");
            }
            byte[] value = new byte[(int) len];
            b.get(at + ITEM_VALUE_OFFSET, value);
            out.add(new Item(new String(key, StandardCharsets.UTF_8), type, value));
            at += pad8(ITEM_VALUE_OFFSET + value.length);
        }
        return out;
    }

    /** The sync item for {@code totem.config_version}: NOT_EXIST when 0 (corosync-wire.md §3.2), else UINT64. */
    static Item configVersion(long version) {
        return version == 0 ? new Item("totem.config_version", CmapType.NOT_EXIST, new byte[0])
                : new Item("totem.config_version", CmapType.UINT64, CmapValue.uint64(version).bytes());
    }

    static ByteBuffer set(String key, CmapValue v) {
        return CmapProtocol.keyValue(key, v);
    }

    static ByteBuffer delete(String key) {
        return CmapProtocol.key(key);
    }

    private static int pad8(int n) {
        return (n + 7) & ~7;
    }
}
