package io.chorus.api.quorum;

import io.chorus.api.ChorusException;

/** In-container access: handles that are sessions through the executive's gateway (same code as over IPC). */
public interface QuorumService {

    QuorumClient openQuorum(QuorumCallbacks callbacks) throws ChorusException;

    VotequorumClient openVotequorum(VotequorumCallbacks callbacks) throws ChorusException;
}
