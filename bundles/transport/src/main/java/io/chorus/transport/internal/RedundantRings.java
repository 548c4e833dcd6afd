package io.chorus.transport.internal;

import io.chorus.config.RrpMode;
import io.chorus.transport.RingStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redundant ring protocol, a layer between the Totem core and the per-ring channels. It decides which rings a
 * packet goes out on and which received copies reach the core, and watches the rings:
 * <ul>
 *   <li>{@code none}: ring 0 only, no monitoring;</li>
 *   <li>{@code passive}: each packet on one ring, round-robin over the rings that are not FAULTY (tokens and
 *       multicasts keep separate turns, so each ring sees both). A receiver counts tokens and multicasts per ring;
 *       a ring whose count falls behind another's by more than {@code rrp_problem_count_threshold} (tokens) or
 *       {@code rrp_problem_count_mcast_threshold} (multicasts) is marked FAULTY;</li>
 *   <li>{@code active}: each packet on every ring that is not FAULTY; the first copy goes to the core, the copy
 *       from the other ring is dropped. Each token that does not also arrive on a ring within
 *       {@code rrp_token_expired_timeout} (or before the next token) adds one to that ring's problem counter; above
 *       {@code rrp_problem_count_threshold} the ring is marked FAULTY.</li>
 * </ul>
 * Problem counters decay by one every {@code rrp_problem_count_timeout}. A FAULTY ring carries nothing until
 * {@link #reenable()}; the membership never changes because of it. The last working ring is never marked FAULTY.
 * Single-threaded: the ring's event loop calls everything.
 */
public final class RedundantRings {

    private static final Logger LOG = LoggerFactory.getLogger(RedundantRings.class);
    private static final int DEDUP_SLOTS = 512;

    /** Settings: the {@code rrp_*} keys of {@code totem { }}. */
    public record Settings(int problemCountTimeout, int problemCountThreshold, int problemCountMcastThreshold,
                           int tokenExpiredTimeout) {
    }

    private final RrpMode mode;
    private final int count;
    private final String[] addresses;
    private final Settings settings;
    private final RrpScheduler scheduler;
    private final IntConsumer onFaulty;

    private final boolean[] faulty;
    private final int[] problems;
    private final long[] tokensReceived;
    private final long[] mcastsReceived;
    private int nextTokenRing;
    private int nextMcastRing;

    // active mode: copies seen on one ring and not yet on the other (hash, ring), a small circular table
    private final long[] seenHash = new long[DEDUP_SLOTS];
    private final byte[] seenRing = new byte[DEDUP_SLOTS];
    private int seenNext;

    // active mode: the token whose copies we are waiting for
    private long pendingToken;
    private int pendingMask;
    private RrpScheduler.Cancellable pendingTimer;
    private RrpScheduler.Cancellable decayTimer;
    private boolean lastRingWarned;

    /** @param onFaulty called with the ring index when a ring is marked FAULTY (after logging) */
    public RedundantRings(RrpMode mode, List<String> ringAddresses, Settings settings, RrpScheduler scheduler,
                          IntConsumer onFaulty) {
        this.mode = ringAddresses.size() < 2 ? RrpMode.NONE : mode;
        this.count = this.mode == RrpMode.NONE ? 1 : ringAddresses.size();
        this.addresses = ringAddresses.toArray(new String[0]);
        this.settings = settings;
        this.scheduler = scheduler;
        this.onFaulty = onFaulty;
        this.faulty = new boolean[count];
        this.problems = new int[count];
        this.tokensReceived = new long[count];
        this.mcastsReceived = new long[count];
        java.util.Arrays.fill(seenRing, (byte) -1);
    }

    public RrpMode mode() {
        return mode;
    }

    public int ringCount() {
        return count;
    }

    /** Starts the problem-counter decay timer (monitoring modes only). */
    public void start() {
        if (mode != RrpMode.NONE) {
            scheduleDecay();
        }
    }

    public void stop() {
        if (decayTimer != null) {
            decayTimer.cancel();
            decayTimer = null;
        }
        if (pendingTimer != null) {
            pendingTimer.cancel();
            pendingTimer = null;
        }
    }

    // ---------------------------------------------------------------- outbound

    /**
     * The rings a packet goes out on, as a bit mask (bit i = ring index i).
     *
     * @param token true for a token or commit token (unicast), false for a "multicast"
     */
    public int sendMask(boolean token) {
        switch (mode) {
            case NONE:
                return 1;
            case ACTIVE: {
                int mask = 0;
                for (int i = 0; i < count; i++) {
                    if (!faulty[i]) {
                        mask |= 1 << i;
                    }
                }
                return mask == 0 ? 1 : mask;
            }
            default: {
                int start = token ? nextTokenRing : nextMcastRing;
                for (int k = 0; k < count; k++) {
                    int i = (start + k) % count;
                    if (!faulty[i]) {
                        if (token) {
                            nextTokenRing = (i + 1) % count;
                        } else {
                            nextMcastRing = (i + 1) % count;
                        }
                        return 1 << i;
                    }
                }
                return 1;
            }
        }
    }

    // ---------------------------------------------------------------- inbound

    /**
     * A plain (opened) packet arrived on ring {@code ring}: whether the core should see it. Reads the bytes from
     * position to limit without moving them.
     */
    public boolean accept(int ring, ByteBuffer packet) {
        if (mode == RrpMode.NONE || ring >= count) {
            return ring == 0;
        }
        boolean token = isToken(packet);
        if (mode == RrpMode.PASSIVE) {
            countPassive(ring, token);
            return true;
        }
        long hash = hash(packet);
        for (int i = 0; i < DEDUP_SLOTS; i++) {
            if (seenHash[i] == hash && seenRing[i] != ring && seenRing[i] >= 0) {
                seenRing[i] = -1;
                if (token && hash == pendingToken) {
                    pendingMask &= ~(1 << ring);
                    if (pendingMask == 0 && pendingTimer != null) {
                        pendingTimer.cancel();
                        pendingTimer = null;
                    }
                }
                return false;
            }
        }
        seenHash[seenNext] = hash;
        seenRing[seenNext] = (byte) ring;
        seenNext = (seenNext + 1) % DEDUP_SLOTS;
        if (token) {
            expectTokenCopies(ring, hash);
        }
        return true;
    }

    private void countPassive(int ring, boolean token) {
        long[] counts = token ? tokensReceived : mcastsReceived;
        int threshold = token ? settings.problemCountThreshold() : settings.problemCountMcastThreshold();
        counts[ring]++;
        for (int other = 0; other < count; other++) {
            if (other != ring && !faulty[other] && counts[ring] - counts[other] > threshold) {
                problems[other] = (int) Math.min(Integer.MAX_VALUE, counts[ring] - counts[other]);
                markFaulty(other, (token ? "tokens" : "multicasts") + " received on it fell " + (counts[ring] - counts[other])
                        + " behind ring " + ring);
            }
        }
    }

    private void expectTokenCopies(int ring, long hash) {
        evaluatePendingToken();
        int mask = 0;
        for (int i = 0; i < count; i++) {
            if (i != ring && !faulty[i]) {
                mask |= 1 << i;
            }
        }
        if (mask == 0) {
            return;
        }
        pendingToken = hash;
        pendingMask = mask;
        pendingTimer = scheduler.schedule(this::evaluatePendingToken, settings.tokenExpiredTimeout());
    }

    /** Every ring the last token did not arrive on gets a problem. */
    private void evaluatePendingToken() {
        if (pendingTimer != null) {
            pendingTimer.cancel();
            pendingTimer = null;
        }
        int mask = pendingMask;
        pendingMask = 0;
        for (int i = 0; i < count; i++) {
            if ((mask & (1 << i)) != 0 && !faulty[i]) {
                problems[i]++;
                if (problems[i] > settings.problemCountThreshold()) {
                    markFaulty(i, "the token did not arrive on it " + problems[i] + " times");
                }
            }
        }
    }

    private void markFaulty(int ring, String why) {
        int working = 0;
        for (boolean f : faulty) {
            if (!f) {
                working++;
            }
        }
        if (working <= 1) {
            if (lastRingWarned) {
                return;
            }
            lastRingWarned = true;
            LOG.warn("ring {} ({}) has problems ({}), but it is the last working ring: not marked FAULTY", ring,
                    addresses[ring], why);
            return;
        }
        faulty[ring] = true;
        LOG.error("Marking ringid {} interface {} FAULTY: {}", ring, addresses[ring], why);
        onFaulty.accept(ring);
    }

    private void scheduleDecay() {
        decayTimer = scheduler.schedule(() -> {
            for (int i = 0; i < count; i++) {
                if (!faulty[i] && problems[i] > 0) {
                    problems[i]--;
                }
            }
            scheduleDecay();
        }, settings.problemCountTimeout());
    }

    // ---------------------------------------------------------------- administration

    /** Re-enables every FAULTY ring (cfgtool -r): counters start from zero. Returns how many were faulty. */
    public int reenable() {
        int n = 0;
        long maxTokens = 0;
        long maxMcasts = 0;
        for (int i = 0; i < count; i++) {
            maxTokens = Math.max(maxTokens, tokensReceived[i]);
            maxMcasts = Math.max(maxMcasts, mcastsReceived[i]);
        }
        for (int i = 0; i < count; i++) {
            if (faulty[i]) {
                n++;
                LOG.info("ring {} ({}) re-enabled", i, addresses[i]);
            }
            faulty[i] = false;
            problems[i] = 0;
            tokensReceived[i] = maxTokens;
            mcastsReceived[i] = maxMcasts;
        }
        pendingMask = 0;
        lastRingWarned = false;
        return n;
    }

    public boolean isFaulty(int ring) {
        return faulty[ring];
    }

    public List<RingStatus> status(int[] ringNumbers) {
        List<RingStatus> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new RingStatus(ringNumbers[i], addresses[i], faulty[i], problems[i]));
        }
        return out;
    }

    // ---------------------------------------------------------------- packet helpers

    /** ORF token (type 0) or commit token (type 4): the packets that travel around the ring by unicast. */
    static boolean isToken(ByteBuffer p) {
        int at = p.position() + 3;
        if (p.limit() <= at) {
            return false;
        }
        int type = p.get(at);
        return type == 0 || type == 4;
    }

    /** FNV-1a over the packet, mixed with its length: identifies the two copies of one send. */
    static long hash(ByteBuffer p) {
        long h = 0xcbf29ce484222325L;
        int end = p.limit();
        int i = p.position();
        for (; i + 8 <= end; i += 8) {
            h ^= p.getLong(i);
            h *= 0x100000001b3L;
            h ^= h >>> 29;
        }
        for (; i < end; i++) {
            h ^= p.get(i);
            h *= 0x100000001b3L;
        }
        return h ^ (end - p.position());
    }
}
