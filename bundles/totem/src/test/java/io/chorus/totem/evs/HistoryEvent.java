package io.chorus.totem.evs;

import io.chorus.totem.ConfigurationChange;

/** What one process saw or did, in the order it happened; {@code time} is virtual microseconds. */
public sealed interface HistoryEvent {

    long time();

    /** send() accepted this message (refused sends are not recorded: nothing is promised for them). */
    record Sent(long time, MessageId id) implements HistoryEvent {
        @Override
        public String toString() {
            return at(time) + " sent " + id;
        }
    }

    /**
     * The core delivered a payload. {@code senderNodeId} is what the core said; {@code id} is what the payload
     * says; {@code intact} is false when the payload's bytes do not match what the sender wrote.
     */
    record Delivered(long time, int senderNodeId, MessageId id, boolean intact) implements HistoryEvent {
        @Override
        public String toString() {
            return at(time) + " deliver " + id + (senderNodeId != id.nodeId() ? " (core says from " + senderNodeId + ")" : "")
                    + (intact ? "" : " CORRUPT");
        }
    }

    record ConfigChanged(long time, ConfigurationChange change) implements HistoryEvent {
        @Override
        public String toString() {
            return at(time) + " " + change;
        }
    }

    /** Context for a human reading a failure (state changes, partitions); the checker ignores notes. */
    record Note(long time, String text) implements HistoryEvent {
        @Override
        public String toString() {
            return at(time) + " -- " + text;
        }
    }

    static String at(long micros) {
        return String.format("%10.4fs", micros / 1e6);
    }
}
