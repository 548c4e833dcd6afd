package io.chorus.ipc.client;

import io.chorus.ipc.internal.AccessPolicy;
import io.chorus.ipc.internal.IpcServer;
import io.chorus.ipc.internal.IpcSettings;

import java.nio.file.Path;

/** A stand-alone fake executive (the echo engine on a real IpcServer), for tests that kill it. */
public final class EchoServerMain {

    private EchoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        IpcServer server = new IpcServer(IpcSettings.of(Path.of(args[0])), AccessPolicy.rootOnly(), new EchoGateway());
        server.start();
        System.out.println("LISTENING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
