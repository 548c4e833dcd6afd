/**
 * How service client libraries reach an engine, in-container or out of process, through one small interface:
 * {@link io.chorus.api.client.EngineConnection} (a synchronous call, a callback queue, close).
 * <ul>
 * <li>{@link io.chorus.api.client.GatewayConnection} — in-container, over the executive's
 *     {@link io.chorus.api.spi.ClientGateway} OSGi service;</li>
 * <li>{@code io.chorus.ipc.client.IpcEngineConnection} — out of process, adapting the plain-JDK
 *     {@code ChorusConnection} of the IPC bundle (a tiny adapter, so it lives with the IPC client library and
 *     this package stays free of any transport).</li>
 * </ul>
 * A client library such as {@link io.chorus.api.cpg.CpgClient} takes either and behaves the same.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.client;
