package io.chorus.ipc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.NoSuchElementException;
import org.junit.Test;

public class IntRingTest {

    @Test
    public void valuesLeaveInTheOrderTheyCameAcrossWrapAndGrowth() {
        IntRing ring = new IntRing(4);
        ring.add(1);
        ring.add(2);
        ring.add(3);
        assertEquals(1, ring.poll());
        assertEquals(2, ring.poll());
        for (int v = 4; v <= 20; v++) {  // wraps, then grows twice with the head in the middle
            ring.add(v);
        }
        assertEquals(18, ring.size());
        for (int v = 3; v <= 20; v++) {
            assertEquals(v, ring.peek());
            assertEquals(v, ring.poll());
        }
        assertTrue(ring.isEmpty());
    }

    @Test(expected = NoSuchElementException.class)
    public void anEmptyRingHasNothingToPoll() {
        new IntRing(2).poll();
    }
}
