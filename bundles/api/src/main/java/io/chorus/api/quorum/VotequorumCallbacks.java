package io.chorus.api.quorum;

import java.util.List;

/** {@code votequorum_callbacks_t}: the quorum notification with the node list, and expected-votes changes. */
public interface VotequorumCallbacks {

    void quorum(boolean quorate, long ringSeq, List<VotequorumNode> nodes);

    default void expectedVotes(int expectedVotes) {
    }
}
