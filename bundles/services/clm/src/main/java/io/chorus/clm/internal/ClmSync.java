package io.chorus.clm.internal;

import io.chorus.api.clm.ClmNode;
import io.chorus.api.spi.Admission;
import io.chorus.api.spi.SyncParticipant;
import java.util.ArrayList;
import java.util.List;

/**
 * CLM's sync turn: every node announces itself (NODEJOIN) once; the announcements are gathered in agreed order
 * and applied together on activate, so every node adds the same nodes in the same view.
 */
final class ClmSync implements SyncParticipant {

    private final ClmEngine engine;
    private final List<ClmNode> gathered = new ArrayList<>();
    private boolean running;
    private boolean announced;

    ClmSync(ClmEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(int[] transitionalMembers, int[] members, long ringSeq) {
        gathered.clear();
        running = true;
        announced = false;
        if (engine.self.initialViewNumber() < 0) {
            ClmNode s = engine.self;
            engine.self = new ClmNode(s.nodeId(), s.address(), s.nodeName(), true, s.bootTimestamp(), ringSeq / 4);
        }
    }

    @Override
    public boolean process() {
        if (!announced) {
            announced = engine.context.multicast(ClmWire.NODEJOIN, ClmWire.nodeJoin(engine.self)) == Admission.ACCEPTED;
        }
        return announced;
    }

    /** Keeps an announcement for activate; false when no sync turn is running. */
    boolean gather(ClmNode node) {
        if (!running) {
            return false;
        }
        gathered.add(node);
        return true;
    }

    @Override
    public void activate() {
        running = false;
        engine.apply(List.copyOf(gathered));
        gathered.clear();
    }

    @Override
    public void abort() {
        running = false;
        gathered.clear();
    }
}
