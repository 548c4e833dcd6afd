/**
 * The Cluster Membership API (SA Forum CLM B.01.01, services.md §3): {@link io.chorus.api.clm.Clm}, its records,
 * the client library {@link io.chorus.api.clm.ClmClient}, the in-container {@link io.chorus.api.clm.ClmService}
 * and the library protocol ({@link io.chorus.api.clm.ClmProtocol}).
 *
 * <pre>{@code
 * Clm clm = ClmClient.initialize(IpcEngineConnection.connect("clm"), callbacks, ClmVersion.B_01_01);
 * ClmNotificationBuffer now = clm.clusterTrack(ClmTrackFlags.CURRENT | ClmTrackFlags.CHANGES);
 * clm.dispatch(DispatchFlag.BLOCKING);
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.clm;
