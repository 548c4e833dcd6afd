package io.chorus.votequorum.internal;

import io.chorus.api.quorum.VotequorumInfo;
import io.chorus.api.quorum.VotequorumNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The vote arithmetic of votequorum.5, with no I/O: a table of nodes (votes and expected votes as they
 * announced them, state from the membership) and this node's decision. Every node computes the same answer
 * from the same ordered NODEINFOs and configurations.
 *
 * <ul>
 * <li>quorum = highest / 2 + 1 where highest = max(this node's expected votes, every member's announced
 *     expected votes, the total votes present);</li>
 * <li>two_node (while at most two nodes are known): quorum 1;</li>
 * <li>wait_for_all: not quorate until the votes of all expected nodes were present at once, or a quorate member
 *     out of that state (an established cluster) is seen;</li>
 * <li>auto_tie_breaker: exactly half the expected votes is quorate on the side holding the lowest known nodeid;</li>
 * <li>last_man_standing: {@link #lowerExpectedToPresent()} (the engine calls it when its window expires).</li>
 * </ul>
 */
final class VoteState {

    static final class Node {
        final int nodeId;
        int votes;
        int expected;
        int flags;
        int state;

        Node(int nodeId, int votes, int expected, int state) {
            this.nodeId = nodeId;
            this.votes = votes;
            this.expected = expected;
            this.state = state;
        }
    }

    private final VoteSettings settings;
    private final int self;
    final Map<Integer, Node> nodes = new TreeMap<>();
    /** us->expected_votes. */
    int expected;
    boolean waitingForAll;
    boolean quorate;
    int totalVotes;
    int highestExpected;
    int quorum;

    VoteState(VoteSettings settings, int self) {
        this.settings = settings;
        this.self = self;
        this.expected = Math.max(settings.expectedVotes(), settings.votesOf(self));
        this.waitingForAll = settings.waitForAll();
        nodes.put(self, new Node(self, settings.votesOf(self), expected, VotequorumNode.MEMBER));
        recalculate();
    }

    Node self() {
        return nodes.get(self);
    }

    /** A node's NODEINFO, delivered in agreed order. Returns true when the decision changed. */
    boolean nodeInfo(int nodeId, int votes, int expectedVotes, int flags, boolean member) {
        Node n = nodes.computeIfAbsent(nodeId, id -> new Node(id, 0, 0, VotequorumNode.MEMBER));
        n.votes = votes;
        n.expected = expectedVotes;
        n.flags = flags;
        n.state = (flags & VotequorumWire.FLAG_LEAVING) != 0 ? VotequorumNode.LEAVING
                : member ? VotequorumNode.MEMBER : VotequorumNode.DEAD;
        if (nodeId != self && (flags & VotequorumWire.FLAG_QUORATE) != 0) {
            // Joining an established cluster: its members are past wait_for_all, and an inquorate node takes
            // the quorate side's expected votes (which last_man_standing may have lowered).
            if ((flags & VotequorumWire.FLAG_WFASTATUS) == 0) {
                waitingForAll = false;
            }
            if (!quorate && expectedVotes > 0 && expectedVotes < expected) {
                setExpected(expectedVotes);
            }
        }
        return recalculate();
    }

    /** A regular configuration: members are MEMBER (keeping their last votes), others DEAD. */
    boolean membership(int[] members) {
        for (Node n : nodes.values()) {
            n.state = contains(members, n.nodeId) ? VotequorumNode.MEMBER : VotequorumNode.DEAD;
        }
        for (int m : members) {
            nodes.computeIfAbsent(m, id -> new Node(id, 0, 0, VotequorumNode.MEMBER));
        }
        return recalculate();
    }

    /** RECONFIGURE(EXPECTED_VOTES) or last_man_standing: this node and every node it knows take {@code value}. */
    void setExpected(int value) {
        expected = value;
        for (Node n : nodes.values()) {
            n.expected = value;
        }
    }

    boolean setVotes(int nodeId, int votes) {
        Node n = nodes.get(nodeId);
        if (n == null) {
            return false;
        }
        n.votes = votes;
        return recalculate();
    }

    /** last_man_standing: after the window, expected votes become the votes present (never below quorum 1). */
    boolean lowerExpectedToPresent() {
        if (!quorate || totalVotes >= expected) {
            return false;
        }
        setExpected(Math.max(totalVotes, 1));
        return recalculate();
    }

    /** What quorum {@code candidateExpected} would give with the votes present (setexpected's check, as C). */
    int quorumFor(int candidateExpected) {
        return calculateQuorum(Math.max(candidateExpected, totalVotes));
    }

    /** Recomputes totals and the decision; true when quorate changed. */
    boolean recalculate() {
        int total = 0;
        int highest = expected;
        for (Node n : nodes.values()) {
            if (n.state == VotequorumNode.MEMBER) {
                total += n.votes;
                highest = Math.max(highest, n.expected);
            }
        }
        highest = Math.max(highest, total);
        totalVotes = total;
        highestExpected = highest;
        quorum = calculateQuorum(highest);
        boolean now = total >= quorum;
        if (settings.waitForAll() && waitingForAll) {
            if (total >= highest) {
                waitingForAll = false;
            } else {
                now = false;
            }
        }
        if (!now && settings.autoTieBreaker() && !waitingForAll && total * 2 == highest && holdsLowestNode()) {
            now = true;
        }
        boolean changed = now != quorate;
        quorate = now;
        return changed;
    }

    private int calculateQuorum(int highest) {
        if (twoNodeActive()) {
            return 1;
        }
        return highest / 2 + 1;
    }

    boolean twoNodeActive() {
        return settings.twoNode() && nodes.size() <= 2;
    }

    private boolean holdsLowestNode() {
        int lowest = Integer.MAX_VALUE;
        for (int id : settings.nodeVotes().keySet()) {
            lowest = Integer.compareUnsigned(id, lowest) < 0 ? id : lowest;
        }
        for (int id : nodes.keySet()) {
            lowest = Integer.compareUnsigned(id, lowest) < 0 ? id : lowest;
        }
        Node n = nodes.get(lowest);
        return n != null && n.state == VotequorumNode.MEMBER;
    }

    /** votequorum.h's cluster flags for getinfo. */
    int clusterFlags() {
        int f = 0;
        if (twoNodeActive()) {
            f |= VotequorumInfo.TWONODE;
        }
        if (quorate) {
            f |= VotequorumInfo.QUORATE;
        }
        if (settings.waitForAll()) {
            f |= VotequorumInfo.WAIT_FOR_ALL;
        }
        if (settings.lastManStanding()) {
            f |= VotequorumInfo.LAST_MAN_STANDING;
        }
        if (settings.autoTieBreaker()) {
            f |= VotequorumInfo.AUTO_TIE_BREAKER;
        }
        if (settings.allowDownscale()) {
            f |= VotequorumInfo.ALLOW_DOWNSCALE;
        }
        return f;
    }

    /** NODEINFO flags this node announces. */
    int announceFlags(boolean first) {
        return (quorate ? VotequorumWire.FLAG_QUORATE : 0) | (waitingForAll ? VotequorumWire.FLAG_WFASTATUS : 0)
                | (first ? VotequorumWire.FLAG_FIRST : 0);
    }

    VotequorumInfo info(Node n) {
        return new VotequorumInfo(n.nodeId, n.state, n.votes, n.expected, highestExpected, totalVotes, quorum,
                clusterFlags());
    }

    List<VotequorumInfo> infos() {
        List<VotequorumInfo> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            out.add(info(n));
        }
        return out;
    }

    List<VotequorumNode> nodeList() {
        List<VotequorumNode> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            out.add(new VotequorumNode(n.nodeId, n.state));
        }
        return out;
    }

    int[] memberIds() {
        return nodes.values().stream().filter(n -> n.state == VotequorumNode.MEMBER).mapToInt(n -> n.nodeId)
                .toArray();
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
