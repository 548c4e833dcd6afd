package io.chorus.config;

import java.util.OptionalInt;

/** The resolved {@code quorum { }} section (votequorum keys, services.md section 9.3). */
public final class QuorumSettings {
    private final SectionValues v;

    public QuorumSettings(SectionValues values) { this.v = values; }

    public SectionValues values() { return v; }
    /** Null when no quorum provider is configured. */
    public String provider() { return v.string("provider"); }
    /** Explicit, or derived as the sum of the nodelist's votes; empty when neither is known. */
    public OptionalInt expectedVotes() {
        return v.has("expected_votes") ? OptionalInt.of(v.intValue("expected_votes")) : OptionalInt.empty();
    }
    public int votes() { return v.intValue("votes"); }
    public boolean twoNode() { return v.bool("two_node"); }
    public boolean waitForAll() { return v.bool("wait_for_all"); }
    public boolean lastManStanding() { return v.bool("last_man_standing"); }
    public int lastManStandingWindow() { return v.intValue("last_man_standing_window"); }
    public boolean autoTieBreaker() { return v.bool("auto_tie_breaker"); }
    public boolean allowDownscale() { return v.bool("allow_downscale"); }
    public boolean expectedVotesTracking() { return v.bool("expected_votes_tracking"); }
}
