package io.chorus.votequorum.internal;

import io.chorus.config.ChorusConfig;
import io.chorus.config.NodeEntry;
import io.chorus.config.QuorumSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code quorum { }} section and the nodelist's votes, as votequorum reads them (votequorum.5).
 *
 * @param provider          whether {@code quorum.provider} is corosync_votequorum (else the engine stays passive:
 *                          no sync, always quorate, as a C node without the provider)
 * @param expectedVotes     {@code quorum.expected_votes}, else the sum of the nodelist's votes, else 0
 * @param defaultVotes      {@code quorum.votes} (default 1), for nodes absent from the nodelist
 * @param nodeVotes         nodelist nodeid → quorum_votes
 * @param lmsWindowMillis   {@code last_man_standing_window} (default 10000)
 */
record VoteSettings(boolean provider, int expectedVotes, int defaultVotes, Map<Integer, Integer> nodeVotes,
        boolean twoNode, boolean waitForAll, boolean lastManStanding, long lmsWindowMillis, boolean autoTieBreaker,
        boolean allowDownscale) {

    VoteSettings {
        nodeVotes = Map.copyOf(nodeVotes);
    }

    int votesOf(int nodeId) {
        return nodeVotes.getOrDefault(nodeId, defaultVotes);
    }

    static VoteSettings from(ChorusConfig config) {
        QuorumSettings q = config.quorum();
        Map<Integer, Integer> votes = new TreeMap<>();
        int sum = 0;
        for (NodeEntry n : config.nodelist()) {
            votes.put((int) n.nodeId(), n.quorumVotes());
            sum += n.quorumVotes();
        }
        int expected = q.expectedVotes().orElse(sum);
        boolean twoNode = q.values().has("two_node") && q.twoNode();
        // votequorum.5: wait_for_all defaults to two_node's value.
        boolean wfa = q.values().has("wait_for_all") ? q.waitForAll() : twoNode;
        long window = q.values().has("last_man_standing_window") ? q.lastManStandingWindow() : 10_000;
        return new VoteSettings("corosync_votequorum".equals(q.provider()), expected,
                q.values().has("votes") ? q.votes() : 1, votes, twoNode, wfa,
                q.values().has("last_man_standing") && q.lastManStanding(), window,
                q.values().has("auto_tie_breaker") && q.autoTieBreaker(),
                q.values().has("allow_downscale") && q.allowDownscale());
    }

    /** A plain votequorum setup: provider on, {@code n} nodes of one vote each, nothing special. */
    static VoteSettings simple(int... nodeIds) {
        Map<Integer, Integer> votes = new TreeMap<>();
        for (int id : nodeIds) {
            votes.put(id, 1);
        }
        return new VoteSettings(true, nodeIds.length, 1, votes, false, false, false, 10_000, false, false);
    }
}
