/**
 * The quorum API ({@code quorum.h}) and the votequorum API ({@code votequorum.h}): the client libraries
 * {@link io.chorus.api.quorum.QuorumClient} and {@link io.chorus.api.quorum.VotequorumClient} over any
 * {@link io.chorus.api.client.EngineConnection}, the in-container {@link io.chorus.api.quorum.QuorumService},
 * the library protocol both sides share ({@link io.chorus.api.quorum.QuorumProtocol}), and
 * {@link io.chorus.api.quorum.QuorumProvider}, through which the votequorum engine tells the quorum engine
 * (and anyone else in the container) whether this partition is quorate.
 *
 * <pre>{@code
 * VotequorumClient vq = VotequorumClient.open(IpcEngineConnection.connect("votequorum"), callbacks);
 * VotequorumInfo me = vq.getInfo(0);          // 0: this node
 * vq.setExpected(2);
 * QuorumClient q = QuorumClient.open(IpcEngineConnection.connect("quorum"), (quorate, seq, members) -> {});
 * q.trackStart(QuorumProtocol.TRACK_CHANGES);
 * q.dispatch(DispatchFlag.ALL);
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.quorum;
