package io.chorus.api.spi;

/**
 * Who a client is, as the kernel reported it when it connected (SO_PEERCRED), checked once at connect
 * time: a later change of the client's euid does not affect an open connection (testevs relies on it).
 * In-container clients have pid, uid and gid -1.
 */
public record ClientCredentials(int pid, int uid, int gid) {

    public static final ClientCredentials IN_CONTAINER = new ClientCredentials(-1, -1, -1);
}
