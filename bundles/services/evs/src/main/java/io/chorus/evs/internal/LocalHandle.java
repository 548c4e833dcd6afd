package io.chorus.evs.internal;

import io.chorus.api.evs.EvsGroup;
import io.chorus.api.spi.ClientSession;
import java.util.LinkedHashSet;
import java.util.Set;

/** One connected EVS handle and its group filter (kept on this node only: EVS has no group membership). */
final class LocalHandle {

    final ClientSession session;
    final Set<EvsGroup> groups = new LinkedHashSet<>();

    LocalHandle(ClientSession session) {
        this.session = session;
    }

    boolean joinedAny(Iterable<EvsGroup> targets) {
        for (EvsGroup g : targets) {
            if (groups.contains(g)) {
                return true;
            }
        }
        return false;
    }
}
