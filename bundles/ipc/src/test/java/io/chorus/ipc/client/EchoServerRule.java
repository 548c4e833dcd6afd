package io.chorus.ipc.client;

import io.chorus.ipc.internal.AccessPolicy;
import io.chorus.ipc.internal.IpcServer;
import io.chorus.ipc.internal.IpcSettings;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * A fake executive for each test: an {@link EchoGateway} served by an {@link IpcServer} on {@code chorus.sock} in a
 * temporary folder of its own ({@link IpcSettings#of}, {@link AccessPolicy#rootOnly()}), started before the test and
 * closed after it (the server, then the gateway, then the folder).
 */
public class EchoServerRule extends ExternalResource {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final BooleanSupplier onNettyLoop;

    private EchoGateway gateway;
    private IpcServer server;
    private Path socket;

    /** Served on a plain "ring" thread ({@link EchoGateway#EchoGateway()}). */
    public EchoServerRule() {
        this(false);
    }

    /** {@code onNettyLoop}: served on an epoll event loop the server also serves connections on. */
    public EchoServerRule(boolean onNettyLoop) {
        this(() -> onNettyLoop);
    }

    /** As {@link #EchoServerRule(boolean)}, decided as each test starts (after a parameterized test's parameters). */
    public EchoServerRule(BooleanSupplier onNettyLoop) {
        this.onNettyLoop = onNettyLoop;
    }

    @Override
    protected void before() throws Throwable {
        folder.create();
        try {
            gateway = new EchoGateway(onNettyLoop.getAsBoolean());
            socket = folder.getRoot().toPath().resolve("chorus.sock");
            server = new IpcServer(IpcSettings.of(socket), AccessPolicy.rootOnly(), gateway);
            server.start();
        } catch (Throwable t) {
            after();
            throw t;
        }
    }

    @Override
    protected void after() {
        try {
            if (server != null) {
                server.close();
            }
            if (gateway != null) {
                gateway.shutdown();
            }
        } finally {
            folder.delete();
        }
    }

    public EchoGateway gateway() {
        return gateway;
    }

    public IpcServer server() {
        return server;
    }

    /** The server's socket, {@code chorus.sock} in {@link #folder()}. */
    public Path socket() {
        return socket;
    }

    /** The temporary folder the socket is in, for a test's other files. */
    public TemporaryFolder folder() {
        return folder;
    }
}
