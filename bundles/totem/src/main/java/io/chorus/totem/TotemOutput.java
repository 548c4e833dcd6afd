package io.chorus.totem;

import java.nio.ByteBuffer;

/**
 * Everything the protocol core does to the world: a {@link TotemDriver} that also takes the deliveries and the
 * configuration changes (totempg's {@code wrap} makes one from a driver).
 */
public interface TotemOutput extends TotemDriver {

    /** Agreed-order delivery of one message's payload, sent by {@code senderNodeId}. */
    void deliver(int senderNodeId, ByteBuffer payload);

    /** A transitional or regular configuration change (extended virtual synchrony). */
    @Override
    void configurationChange(ConfigurationChange change);
}
