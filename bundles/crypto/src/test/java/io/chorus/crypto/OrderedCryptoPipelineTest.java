package io.chorus.crypto;

import org.junit.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** threads: N — results come back on the executor strictly in submission order, whatever the threads do. */
public class OrderedCryptoPipelineTest {

    /** Seals then opens one packet; completion records its sequence number and checks the round trip. */
    private static final class PacketJob implements OrderedCryptoPipeline.Job {
        final int seq;
        final PacketProtection p;
        final byte[] plain;
        final List<Integer> delivered;
        final AtomicReference<String> error;
        final Thread expectedThread;
        final CountDownLatch done;
        boolean ok;
        ByteBuffer out;

        PacketJob(int seq, PacketProtection p, List<Integer> delivered, AtomicReference<String> error,
                  Thread expectedThread, CountDownLatch done) {
            this.seq = seq;
            this.p = p;
            this.plain = new byte[new Random(seq).nextInt(1400)];
            new Random(seq).nextBytes(plain);
            this.delivered = delivered;
            this.error = error;
            this.expectedThread = expectedThread;
            this.done = done;
        }

        @Override
        public void work() {
            if (seq % 7 == 0) {
                // uneven work so that later jobs often finish first
                long until = System.nanoTime() + ThreadLocalRandom.current().nextInt(200_000);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            ByteBuffer sealed = ByteBuffer.allocate(plain.length + p.overhead());
            p.seal(ByteBuffer.wrap(plain), sealed);
            out = ByteBuffer.allocate(plain.length);
            ok = p.open(sealed, out);
        }

        @Override
        public void complete() {
            if (expectedThread != null && Thread.currentThread() != expectedThread) {
                error.compareAndSet(null, "completed on " + Thread.currentThread().getName());
            }
            byte[] got = new byte[out.remaining()];
            out.get(got);
            if (!ok || !java.util.Arrays.equals(got, plain)) {
                error.compareAndSet(null, "round trip failed for " + seq);
            }
            delivered.add(seq);
            done.countDown();
        }
    }

    private static Thread threadOf(ExecutorService single) throws Exception {
        return single.submit(Thread::currentThread).get();
    }

    @Test
    public void resultsStayInSubmissionOrderForOneToFourThreads() throws Exception {
        PacketProtection p = PacketProtection.of("aes256", "sha256", PacketProtectionTest.key(1));
        for (int threads = 1; threads <= 4; threads++) {
            ExecutorService loop = Executors.newSingleThreadExecutor();
            Thread loopThread = threadOf(loop);
            int n = 5000;
            List<Integer> delivered = new ArrayList<>(); // only touched on the loop thread
            AtomicReference<String> error = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(n);
            try (OrderedCryptoPipeline pipe = new OrderedCryptoPipeline(threads, 64, loop, "test-crypto")) {
                for (int i = 0; i < n; i++) {
                    pipe.submit(new PacketJob(i, p, delivered, error, loopThread, done));
                }
                assertTrue("all delivered", done.await(60, TimeUnit.SECONDS));
                assertEquals(0, pipe.inFlight());
                assertEquals(0, pipe.failures());
            }
            List<Integer> copy = loop.submit(() -> new ArrayList<>(delivered)).get();
            loop.shutdown();
            assertNull(error.get());
            assertEquals(n, copy.size());
            for (int i = 0; i < n; i++) {
                assertEquals("threads=" + threads + " position " + i, Integer.valueOf(i), copy.get(i));
            }
        }
    }

    @Test
    public void severalSubmittersEachSeeTheirOwnOrder() throws Exception {
        PacketProtection p = PacketProtection.of("aes128", "sha1", PacketProtectionTest.key(2));
        ExecutorService loop = Executors.newSingleThreadExecutor();
        int perSubmitter = 2000;
        int submitters = 3;
        List<Integer> delivered = new ArrayList<>();
        AtomicReference<String> error = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(perSubmitter * submitters);
        try (OrderedCryptoPipeline pipe = new OrderedCryptoPipeline(3, 16, loop, "test-crypto")) {
            List<Thread> ts = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                final int base = s * 1_000_000;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        try {
                            pipe.submit(new PacketJob(base + i, p, delivered, error, null, done));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                ts.add(t);
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertTrue(done.await(60, TimeUnit.SECONDS));
        }
        List<Integer> copy = loop.submit(() -> new ArrayList<>(delivered)).get();
        loop.shutdown();
        assertNull(error.get());
        int[] last = {-1, 999_999, 1_999_999};
        for (int v : copy) {
            int s = v / 1_000_000;
            assertEquals("submitter " + s, last[s] + 1, v);
            last[s] = v;
        }
    }

    @Test
    public void inlineWithZeroThreadsRunsOnTheCaller() throws Exception {
        List<String> log = new ArrayList<>();
        OrderedCryptoPipeline pipe = new OrderedCryptoPipeline(0, 1, null, "unused");
        Thread me = Thread.currentThread();
        for (int i = 0; i < 3; i++) {
            final int n = i;
            assertTrue(pipe.trySubmit(new OrderedCryptoPipeline.Job() {
                @Override
                public void work() {
                    log.add("work" + n + (Thread.currentThread() == me));
                }

                @Override
                public void complete() {
                    log.add("complete" + n + (Thread.currentThread() == me));
                }
            }));
        }
        assertEquals(List.of("work0true", "complete0true", "work1true", "complete1true", "work2true",
                "complete2true"), log);
        pipe.close();
        assertFalse(pipe.trySubmit(null));
    }

    @Test
    public void boundedTrySubmitRefusesWhenFullAndRecovers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger completed = new AtomicInteger();
        ExecutorService loop = Executors.newSingleThreadExecutor();
        OrderedCryptoPipeline.Job blocking = new OrderedCryptoPipeline.Job() {
            @Override
            public void work() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void complete() {
                completed.incrementAndGet();
            }
        };
        try (OrderedCryptoPipeline pipe = new OrderedCryptoPipeline(2, 4, loop, "test-crypto")) {
            for (int i = 0; i < 4; i++) {
                assertTrue(pipe.trySubmit(blocking));
            }
            assertFalse("full", pipe.trySubmit(blocking));
            assertEquals(4, pipe.inFlight());
            release.countDown();
            pipe.submit(blocking); // waits for room, then goes through
            loop.submit(() -> { }).get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (completed.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(5, completed.get());
        }
        loop.shutdown();
    }

    @Test
    public void failingWorkIsCountedAndOrderKept() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(100);
        try (OrderedCryptoPipeline pipe = new OrderedCryptoPipeline(2, 8, loop, "test-crypto")) {
            for (int i = 0; i < 100; i++) {
                final int n = i;
                pipe.submit(new OrderedCryptoPipeline.Job() {
                    @Override
                    public void work() {
                        if (n % 10 == 0) {
                            throw new IllegalStateException("boom");
                        }
                    }

                    @Override
                    public void complete() {
                        order.add(n);
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(10, pipe.failures());
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(Integer.valueOf(i), order.get(i));
        }
        loop.shutdown();
    }

    @Test
    public void closeFinishesSubmittedJobsThenStops() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        AtomicInteger completed = new AtomicInteger();
        OrderedCryptoPipeline pipe = new OrderedCryptoPipeline(2, 100, loop, "test-crypto");
        for (int i = 0; i < 50; i++) {
            pipe.submit(new OrderedCryptoPipeline.Job() {
                @Override
                public void work() {
                }

                @Override
                public void complete() {
                    completed.incrementAndGet();
                }
            });
        }
        pipe.close();
        pipe.close();
        assertTrue(pipe.awaitTermination(30, TimeUnit.SECONDS));
        loop.submit(() -> { }).get();
        // the last drain may have been scheduled after the barrier task: wait for it too
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (completed.get() < 50 && System.nanoTime() < deadline) {
            loop.submit(() -> { }).get();
        }
        assertEquals(50, completed.get());
        assertFalse(pipe.trySubmit(null));
        try {
            pipe.submit(null);
            fail();
        } catch (IllegalStateException expected) {
            // closed
        }
        loop.shutdown();
    }

    @Test
    public void completionSeesWhatWorkWrote() throws Exception {
        // happens-before from work() to complete(): plain fields, no volatile, checked 10000 times
        ExecutorService loop = Executors.newSingleThreadExecutor();
        int n = 10000;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger bad = new AtomicInteger();
        try (OrderedCryptoPipeline pipe = new OrderedCryptoPipeline(4, 32, loop, "test-crypto")) {
            for (int i = 0; i < n; i++) {
                final int v = i;
                pipe.submit(new OrderedCryptoPipeline.Job() {
                    int[] result;

                    @Override
                    public void work() {
                        result = new int[] {v, v * 2};
                    }

                    @Override
                    public void complete() {
                        if (result == null || result[0] != v || result[1] != 2 * v) {
                            bad.incrementAndGet();
                        }
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(60, TimeUnit.SECONDS));
        }
        assertEquals(0, bad.get());
        loop.shutdown();
        assertArrayEquals(new int[0], new int[0]);
    }
}
