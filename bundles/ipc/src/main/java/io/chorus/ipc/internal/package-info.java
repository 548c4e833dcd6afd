/**
 * The IPC server (Netty epoll unix socket), its access policy and the DS component that runs it next to the
 * executive's {@link io.chorus.api.spi.ClientGateway}. The protocol is documented in
 * {@code io.chorus.ipc.client}.
 */
package io.chorus.ipc.internal;
