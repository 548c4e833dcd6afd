package io.chorus.config;

/** {@code event { delivery_queue_size delivery_queue_resume }}: EVT per-client queue limits (not cluster wide). */
public final class EventSettings {
    private final SectionValues v;

    public EventSettings(SectionValues values) { this.v = values; }

    public SectionValues values() { return v; }
    public int deliveryQueueSize() { return v.intValue("delivery_queue_size"); }
    public int deliveryQueueResume() { return v.intValue("delivery_queue_resume"); }
}
