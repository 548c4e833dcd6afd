package io.chorus.executive.internal;

import io.chorus.executive.wire.ExecHeader;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group {@code "a"}: reads the exec header, checks its size, and hands the body to the engine that owns
 * {@code id >> 16} in agreed order. Messages for a service that is not loaded here are counted per service
 * id and dropped (as Corosync drops them); malformed ones are counted; an engine that throws is logged and
 * counted, never allowed to stop the ring.
 */
final class ExecDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.main");

    private final EngineTable engines;
    private final AtomicLongArray delivered = new AtomicLongArray(EngineTable.SIZE);
    private final Map<Integer, LongAdder> dropped = new ConcurrentHashMap<>();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder failures = new LongAdder();

    ExecDispatcher(EngineTable engines) {
        this.engines = engines;
    }

    void deliver(int sender, ByteBuffer message) {
        if (!ExecHeader.isWellFormed(message)) {
            malformed.increment();
            return;
        }
        int id = ExecHeader.readId(message);
        int service = ExecHeader.serviceOf(id);
        LoadedEngine target = engines.get(service);
        if (target == null) {
            dropped.computeIfAbsent(service, s -> new LongAdder()).increment();
            return;
        }
        delivered.incrementAndGet(service);
        int position = message.position();
        int limit = message.limit();
        message.position(position + ExecHeader.SIZE);
        try {
            target.engine.deliver(ExecHeader.fnOf(id), sender, message);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.error("Service {} failed on exec message fn {} from node {}", target.info.name(),
                    ExecHeader.fnOf(id), sender, e);
        } finally {
            message.limit(limit).position(position);
        }
    }

    long dropped(int serviceId) {
        LongAdder a = dropped.get(serviceId);
        return a == null ? 0 : a.sum();
    }

    long delivered(int serviceId) {
        return serviceId >= 0 && serviceId < EngineTable.SIZE ? delivered.get(serviceId) : 0;
    }

    long malformed() {
        return malformed.sum();
    }

    long failures() {
        return failures.sum();
    }

    Map<Integer, Long> droppedByService() {
        Map<Integer, Long> out = new TreeMap<>();
        dropped.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
