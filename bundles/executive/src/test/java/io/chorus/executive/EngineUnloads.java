package io.chorus.executive;

import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.EngineInfo;
import java.util.ArrayList;
import java.util.List;

/** Records the executive's engineUnloaded notifications. */
final class EngineUnloads {

    record Event(String engine, List<Long> sessions) {
    }

    static List<Event> record(Executive executive) {
        List<Event> events = new ArrayList<>();
        executive.addListener(new ExecutiveListener() {
            @Override
            public void engineUnloaded(EngineInfo engine, List<ClientSession> sessions) {
                events.add(new Event(engine.name(), sessions.stream().map(ClientSession::id).toList()));
            }
        });
        return events;
    }
}
