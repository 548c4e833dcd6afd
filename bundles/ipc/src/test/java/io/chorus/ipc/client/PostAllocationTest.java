package io.chorus.ipc.client;

import static org.junit.Assert.assertTrue;


import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import org.junit.Rule;
import org.junit.Test;

/** {@link ChorusConnection#post} allocates nothing per message while the window has room (measured, not assumed). */
public class PostAllocationTest {

    /** Posts per round: fewer than the window, so no post waits (and reads answers, which allocates). */
    private static final int ROUND = ChorusConnection.POST_WINDOW - 1;
    private static final int ROUNDS = 100;

    @Rule
    public EchoServerRule echo = new EchoServerRule();

    @Test
    public void postingAllocatesNothingPerMessage() throws Exception {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        org.junit.Assume.assumeTrue("no per-thread allocation counter here", std instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        org.junit.Assume.assumeTrue("per-thread allocation counting is off",
                mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        long tid = Thread.currentThread().getId();
        ByteBuffer body = ByteBuffer.allocate(8);
        try (ChorusConnection c = ChorusConnection.connect(echo.socket(), "echo")) {
            postRounds(c, body, ROUNDS, mx, tid);  // warm: classes loaded, code compiled
            long allocated = postRounds(c, body, ROUNDS, mx, tid);
            long posts = (long) ROUND * ROUNDS;
            // Nothing per post or per corked write (one array per write would be ~2 bytes a post here); less than a
            // byte a post leaves room for what contention with the drainer may cost (a lock queue node now and then).
            assertTrue(allocated + " bytes allocated by " + posts + " posts", allocated < posts);
        }
    }

    /** Bytes this thread allocated inside {@code post} over {@code rounds} rounds (the flushes between not counted). */
    private static long postRounds(ChorusConnection c, ByteBuffer body, int rounds,
            com.sun.management.ThreadMXBean mx, long tid) throws Exception {
        long allocated = 0;
        for (int r = 0; r < rounds; r++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < ROUND; i++) {
                c.post(EchoGateway.ECHO, body);
            }
            allocated += mx.getThreadAllocatedBytes(tid) - before;
            c.flush();  // every answer in: the next round starts with an empty window
        }
        return allocated;
    }
}
