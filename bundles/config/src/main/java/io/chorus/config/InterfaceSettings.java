package io.chorus.config;

import java.net.InetAddress;
import java.util.List;

/**
 * One ring: a {@code totem { interface { } }} stanza, or ring N of a nodelist file.
 *
 * @param ringNumber  ring (link) number
 * @param bindNetAddr network or host address to bind on; null for nodelist rings that give none
 * @param mcastAddr   multicast group (udp); null for udpu or broadcast
 * @param mcastPort   UDP port
 * @param ttl         multicast TTL
 * @param broadcast   broadcast instead of multicast
 * @param members     udpu members of this ring ({@code member { memberaddr }}), empty otherwise
 * @param file        file of the stanza
 * @param line        line of the stanza
 */
public record InterfaceSettings(int ringNumber, InetAddress bindNetAddr, InetAddress mcastAddr, int mcastPort,
                                int ttl, boolean broadcast, List<InetAddress> members, String file, int line) {
    public InterfaceSettings {
        members = List.copyOf(members);
    }
}
