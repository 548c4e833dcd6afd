package io.chorus.totem.evs;

import java.util.List;

/** One broken rule: which rule, what happened, and the processes whose histories show it. */
public record Violation(Rule rule, String detail, List<ProcessId> processes) {

    /** The rules {@link EvsChecker} enforces; see its class comment for the exact definitions. */
    public enum Rule {
        DUPLICATE_DELIVERY,
        CORRUPT_PAYLOAD,
        UNKNOWN_MESSAGE,
        DELIVERY_OUTSIDE_CONFIGURATION,
        SENDER_NOT_IN_CONFIGURATION,
        MESSAGE_IN_TWO_CONFIGURATIONS,
        ORDER,
        VIRTUAL_SYNCHRONY,
        PREFIX,
        MEMBERSHIP_INCONSISTENT,
        CONFIGURATION_SEQUENCE,
        TRANSITIONAL_INCONSISTENT,
        SELF_DELIVERY,
        PROBE_NOT_DELIVERED,
        LIVENESS,
        CORE_EXCEPTION,
        EVENT_LIMIT
    }

    @Override
    public String toString() {
        return rule + ": " + detail + (processes.isEmpty() ? "" : " " + processes);
    }
}
