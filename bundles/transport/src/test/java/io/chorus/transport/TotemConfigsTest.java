package io.chorus.transport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The send queue is bounded in bytes: a larger netmtu gets fewer packets, not more heap. */
public class TotemConfigsTest {

    @Test
    public void atTheDefaultNetmtuTheQueueHoldsSixteenThousandPackets() {
        assertEquals(16384, TotemConfigs.sendQueueCapacity(1500));
    }

    @Test
    public void aJumboNetmtuQueuesTheSameBytesInFewerPackets() {
        for (int netmtu : new int[] {1500, 4000, 9000, 10000}) {
            long bytes = (long) TotemConfigs.sendQueueCapacity(netmtu) * netmtu;
            assertTrue(netmtu + ": " + bytes + " bytes", bytes <= TotemConfigs.SEND_QUEUE_BYTES);
            assertTrue(netmtu + ": " + bytes + " bytes", bytes > TotemConfigs.SEND_QUEUE_BYTES - netmtu);
        }
        assertEquals(2730, TotemConfigs.sendQueueCapacity(9000));
    }
}
