package io.chorus.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chorus.config.RrpMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.Test;

public class RedundantRingsTest {

    /** A virtual clock. */
    static final class FakeScheduler implements RrpScheduler {
        record Task(long at, long order, Runnable run, boolean[] cancelled) { }
        final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.order, b.order));
        long now;
        long order;

        @Override
        public Cancellable schedule(Runnable task, long delayMillis) {
            boolean[] cancelled = {false};
            tasks.add(new Task(now + delayMillis, order++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        void advance(long millis) {
            long end = now + millis;
            for (int i = 0; i < 100_000 && !tasks.isEmpty() && tasks.peek().at <= end; i++) {
                Task t = tasks.poll();
                now = t.at;
                if (!t.cancelled[0]) {
                    t.run.run();
                }
            }
            now = end;
        }
    }

    private final FakeScheduler clock = new FakeScheduler();
    private final List<Integer> faults = new ArrayList<>();
    private final RedundantRings.Settings settings = new RedundantRings.Settings(2000, 10, 100, 200);

    private RedundantRings rings(RrpMode mode) {
        RedundantRings r = new RedundantRings(mode, List.of("10.0.0.1", "10.0.1.1"), settings, clock, faults::add);
        r.start();
        return r;
    }

    private static ByteBuffer packet(int type, int seq) {
        ByteBuffer b = ByteBuffer.allocate(57);
        b.put(0, (byte) 0x70).put(1, (byte) 0xC0).put(2, (byte) 3).put(3, (byte) type).putInt(20, seq);
        return b;
    }

    @Test
    public void noneUsesRingZeroOnly() {
        RedundantRings r = rings(RrpMode.NONE);
        assertEquals(1, r.ringCount());
        assertEquals(1, r.sendMask(true));
        assertEquals(1, r.sendMask(false));
        assertTrue(r.accept(0, packet(0, 1)));
    }

    @Test
    public void passiveAlternatesTokensAndMulticastsSeparately() {
        RedundantRings r = rings(RrpMode.PASSIVE);
        assertEquals(1, r.sendMask(true));
        assertEquals(1, r.sendMask(false));
        assertEquals(2, r.sendMask(true));
        assertEquals(1 << 0, r.sendMask(true));
        assertEquals(2, r.sendMask(false));
    }

    @Test
    public void passiveMarksARingWhoseTokensFallBehindFaulty() {
        RedundantRings r = rings(RrpMode.PASSIVE);
        for (int i = 0; i < 10; i++) {
            assertTrue(r.accept(0, packet(0, i)));
        }
        assertFalse("10 behind is still within the threshold", r.isFaulty(1));
        r.accept(0, packet(0, 10));
        assertTrue(r.isFaulty(1));
        assertEquals(List.of(1), faults);
        // everything now goes on ring 0
        for (int i = 0; i < 4; i++) {
            assertEquals(1, r.sendMask(true));
            assertEquals(1, r.sendMask(false));
        }
        assertEquals(1, r.reenable());
        assertFalse(r.isFaulty(1));
        r.accept(0, packet(0, 11));
        assertFalse("counters start level after a re-enable", r.isFaulty(1));
    }

    @Test
    public void passiveUsesTheMulticastThresholdForMulticasts() {
        RedundantRings r = rings(RrpMode.PASSIVE);
        for (int i = 0; i < 100; i++) {
            r.accept(1, packet(1, i));
        }
        assertFalse(r.isFaulty(0));
        r.accept(1, packet(1, 100));
        assertTrue(r.isFaulty(0));
    }

    @Test
    public void activeSendsOnBothRingsAndDropsTheSecondCopy() {
        RedundantRings r = rings(RrpMode.ACTIVE);
        assertEquals(3, r.sendMask(true));
        assertEquals(3, r.sendMask(false));
        assertTrue(r.accept(0, packet(1, 1)));
        assertFalse(r.accept(1, packet(1, 1)));
        assertTrue("the other ring's copy first works too", r.accept(1, packet(1, 2)));
        assertFalse(r.accept(0, packet(1, 2)));
        // a re-sent identical packet (a join every 50 ms) is a new send: its first copy passes again
        assertTrue(r.accept(0, packet(1, 1)));
        assertFalse(r.accept(1, packet(1, 1)));
    }

    @Test
    public void activeCountsTokensMissingOnARingAndDecays() {
        RedundantRings r = rings(RrpMode.ACTIVE);
        for (int i = 0; i < 5; i++) {
            assertTrue(r.accept(0, packet(0, i)));
            clock.advance(250);
        }
        assertEquals(5, r.status(new int[] {0, 1}).get(1).problemCount());
        clock.advance(4000);
        assertEquals("two decay periods", 3, r.status(new int[] {0, 1}).get(1).problemCount());
        // tokens that arrive on both rings cause no problem
        for (int i = 10; i < 40; i++) {
            assertTrue(r.accept(0, packet(0, i)));
            assertFalse(r.accept(1, packet(0, i)));
            clock.advance(50);
        }
        assertFalse(r.isFaulty(1));
        // a dead ring 1: each token (the next one or the timeout) adds a problem until FAULTY
        for (int i = 100; i < 120 && !r.isFaulty(1); i++) {
            r.accept(0, packet(0, i));
            clock.advance(50);
        }
        assertTrue(r.isFaulty(1));
        assertEquals(1, r.sendMask(true));
        assertEquals(List.of(1), faults);
        r.reenable();
        assertEquals(3, r.sendMask(false));
    }

    @Test
    public void theLastWorkingRingIsNeverMarkedFaulty() {
        RedundantRings r = rings(RrpMode.PASSIVE);
        for (int i = 0; i < 20; i++) {
            r.accept(0, packet(0, i));
        }
        assertTrue(r.isFaulty(1));
        for (int i = 0; i < 40; i++) {
            r.accept(1, packet(0, i));
        }
        assertFalse(r.isFaulty(0));
        assertEquals(List.of(1), faults);
    }
}
