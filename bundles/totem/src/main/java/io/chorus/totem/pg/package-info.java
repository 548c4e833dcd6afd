/**
 * totempg: the layer between the Totem SRP core and the executive (corosync-wire.md §1.8).
 *
 * <p>Outbound, {@link io.chorus.totem.pg.TotemPgPacker} prefixes each message with its group header, packs
 * small messages into one totempg packet and fragments large ones (up to 1 MiB) across packets; the packets
 * go to the SRP send queue. Inbound, {@link io.chorus.totem.pg.TotemPgAssembler} unpacks delivered packets per
 * sender, rejoins fragments and hands whole messages to {@link io.chorus.totem.pg.TotemPgGroups}, which strips
 * the group header and routes the message to the group's subscriber ({@code "a"} for service exec messages,
 * {@code "sync"} for the sync protocol). {@link io.chorus.totem.pg.TotemPg} ties the three to a core.
 *
 * <p>Everything here is single-threaded, like the core it sits on.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.totem.pg;
