package io.chorus.ckpt.internal;

/**
 * CKPT's exec messages (Corosync 3 has no CKPT, so the layout is Chorus's own, little-endian, in
 * {@link io.chorus.api.ckpt.CkptProtocol}'s encodings). Service id 11 = 8 + OpenAIS's CKPT id 3. Client
 * operations carry {@code u64 session} (the origin's session id, {@link #NO_SESSION} when nobody waits) so that
 * the sending node answers; times are the sender's clock, so every replica stores the same.
 *
 * <pre>
 *  0 OPEN            u64 session, u64 invocation, u32 async, string name, u32 flags, u32 has attrs, attrs?
 *  1 CLOSE           u64 session, u64 ckpt id
 *  2 UNLINK          u64 session, string name
 *  3 RETENTION_SET   u64 session, u64 ckpt id, u64 ns
 *  4 SECTION_CREATE  u64 session, u64 ckpt id, bytes section, u64 expiration, u64 now, bytes data
 *  5 SECTION_DELETE  u64 session, u64 ckpt id, bytes section
 *  6 EXPIRATION_SET  u64 session, u64 ckpt id, bytes section, u64 expiration
 *  7 WRITE           u64 session, u64 ckpt id, u64 now, u32 n, n × (bytes section, u64 offset, bytes data)
 *  8 READ            u64 session, u64 ckpt id, u32 n, n × (bytes section, u64 offset, u32 size)
 *  9 OVERWRITE       u64 session, u64 ckpt id, bytes section, u64 now, bytes data
 * 10 SECTION_EXPIRE  u64 ckpt id, bytes section, u64 expiration it had   (a section's expiry, ordered)
 * 11 RETENTION_END   u64 ckpt id                                         (unlink if still unused)
 * sync (only inside CKPT's sync turn)
 * 20 SYNC_GLOBALID   u64 highest ckpt id
 * 21 SYNC_CHECKPOINT string name, u64 ckpt id, attrs, u32 unlinked
 * 22 SYNC_SECTION    u64 ckpt id, bytes section, u64 expiration, u64 last update, bytes data
 * 23 SYNC_REFCOUNT   u64 ckpt id, u32 n, n × (u32 node, u32 count)
 * </pre>
 */
final class CkptWire {

    static final int SERVICE_ID = 11;

    static final int OPEN = 0;
    static final int CLOSE = 1;
    static final int UNLINK = 2;
    static final int RETENTION_SET = 3;
    static final int SECTION_CREATE = 4;
    static final int SECTION_DELETE = 5;
    static final int EXPIRATION_SET = 6;
    static final int WRITE = 7;
    static final int READ = 8;
    static final int OVERWRITE = 9;
    static final int SECTION_EXPIRE = 10;
    static final int RETENTION_END = 11;

    static final int SYNC_GLOBALID = 20;
    static final int SYNC_CHECKPOINT = 21;
    static final int SYNC_SECTION = 22;
    static final int SYNC_REFCOUNT = 23;

    static final long NO_SESSION = Long.MIN_VALUE;

    private CkptWire() {
    }
}
