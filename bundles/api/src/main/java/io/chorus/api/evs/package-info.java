/**
 * The EVS API ({@code evs.h}, services.md §7): {@link io.chorus.api.evs.Evs}, the client library
 * {@link io.chorus.api.evs.EvsClient} (in-container or out of process over any
 * {@link io.chorus.api.client.EngineConnection}), the in-container {@link io.chorus.api.evs.EvsService} and the
 * library protocol ({@link io.chorus.api.evs.EvsProtocol}).
 *
 * <pre>{@code
 * Evs evs = EvsClient.open(IpcEngineConnection.connect("evs"), callbacks);
 * evs.join(List.of(EvsGroup.of("key1")));
 * evs.mcastJoined(EvsGuarantee.AGREED, ByteBuffer.wrap(bytes));
 * evs.dispatch(DispatchFlag.ALL);
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.evs;
