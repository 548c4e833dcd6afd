/**
 * The CKPT API (SA Forum checkpoint service B.01.01, services.md §5): the client library
 * {@link io.chorus.api.ckpt.CkptClient} (in-container or out of process over any
 * {@link io.chorus.api.client.EngineConnection}), its checkpoint handles {@link io.chorus.api.ckpt.CkptCheckpoint},
 * the in-container {@link io.chorus.api.ckpt.CkptService} and the library protocol
 * ({@link io.chorus.api.ckpt.CkptProtocol}).
 *
 * <pre>{@code
 * CkptClient ckpt = CkptClient.initialize(IpcEngineConnection.connect("ckpt"), null);
 * CkptCheckpoint c = ckpt.checkpointOpen("defaults", attributes, Ckpt.READ | Ckpt.WRITE | Ckpt.CREATE, SECOND);
 * c.write(List.of(new CkptIoVector(CkptSectionId.DEFAULT, data, 0)));
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.ckpt;
