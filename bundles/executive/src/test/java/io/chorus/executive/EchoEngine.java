package io.chorus.executive;

import io.chorus.api.spi.Admission;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineContext;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.ServiceEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A stateless engine (no sync participant) that records what it is delivered. */
final class EchoEngine implements ServiceEngine {

    private final EngineInfo info;
    EngineContext context;
    final List<String> received = new ArrayList<>();
    boolean stopped;

    EchoEngine(String name, int id, int version, String... aliases) {
        this.info = new EngineInfo(name, id, version, Set.of(aliases));
    }

    EchoEngine() {
        this("echo", 21, 0);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public void start(EngineContext ctx) {
        context = ctx;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    Admission send(String text) {
        return context.multicast(7, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void deliver(int fn, int sender, ByteBuffer body) {
        byte[] b = new byte[body.remaining()];
        body.duplicate().get(b);
        received.add(fn + ":" + sender + ":" + new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void request(ClientSession session, int fn, ByteBuffer body) {
        context.multicast(fn, body);
    }
}
