package io.chorus.transport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The send queue is bounded in bytes: a larger netmtu gets fewer packets, not more heap. */
public class TotemConfigsTest {

    @Test
    public void atTheDefaultNetmtuTheQueueHoldsWhatCorosyncsDoes() {
        assertEquals("Corosync's MESSAGE_QUEUE_MAX: 4 MiB / netmtu", 2796, TotemConfigs.sendQueueCapacity(1500));
    }

    @Test
    public void aJumboNetmtuQueuesTheSameBytesInFewerPackets() {
        for (int netmtu : new int[] {1500, 4000, 9000, 10000}) {
            long bytes = (long) TotemConfigs.sendQueueCapacity(netmtu) * netmtu;
            assertTrue(netmtu + ": " + bytes + " bytes", bytes <= TotemConfigs.SEND_QUEUE_BYTES);
            assertTrue(netmtu + ": " + bytes + " bytes", bytes > TotemConfigs.SEND_QUEUE_BYTES - netmtu);
        }
        assertEquals(466, TotemConfigs.sendQueueCapacity(9000));
    }
}
