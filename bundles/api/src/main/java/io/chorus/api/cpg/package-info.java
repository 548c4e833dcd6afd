/**
 * The Closed Process Group API ({@code cpg.h}): {@link io.chorus.api.cpg.Cpg} and its records, the client
 * library {@link io.chorus.api.cpg.CpgClient}, the in-container {@link io.chorus.api.cpg.CpgService}, and the
 * library protocol both sides share ({@link io.chorus.api.cpg.CpgProtocol}).
 *
 * <pre>{@code
 * // out of process
 * Cpg cpg = CpgClient.open(IpcEngineConnection.connect("cpg"), callbacks);
 * // in-container
 * Cpg cpg = cpgService.open(callbacks);
 * cpg.join(CpgGroup.of("g"));
 * cpg.mcastJoined(CpgGuarantee.AGREED, ByteBuffer.wrap(bytes));
 * cpg.dispatch(DispatchFlag.ALL);
 * }</pre>
 *
 * <p>Process ids: an out-of-process client is known by its real pid (from the socket's peer credentials).
 * In-container handles have no process of their own, so the engine gives each one a distinct synthetic pid
 * above Linux's pid range (0x40000000 + session id), which keeps two in-container handles in one group apart.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.api.cpg;
