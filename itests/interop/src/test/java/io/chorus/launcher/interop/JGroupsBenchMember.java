package io.chorus.launcher.interop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;

/**
 * One JGroups 5 member of {@link CpgThroughputBench} (bench-only; not a test): a process started by the bench with
 * {@code NodeProcess} inside a node's network namespace. It connects a {@link JChannel} built from one of the bench's
 * total-order stacks ({@code src/test/resources/jgroups/*.xml}, SEQUENCER) and then obeys one command per stdin line,
 * like the C client {@code chorus_cpgbench -i}:
 * <ul>
 * <li>{@code T SIZE SECONDS}: multicast SIZE-byte messages back to back for SECONDS, count the deliveries of its own
 * messages of that window inside it, print {@code RESULT size=S delivered=N seconds=T sent=M}, then wait until all
 * its messages are back (at most 15 s: {@code DRAINED ...}) so that the next window starts on an idle group;</li>
 * <li>{@code L COUNT WARMUP SIZE}: WARMUP + COUNT times: multicast one message and wait until it is delivered back;
 * print {@code LATENCY p50_us=.. p99_us=.. n=COUNT} over the last COUNT round trips;</li>
 * <li>{@code Q}: leave and exit.</li>
 * </ul>
 * Every command is followed by {@code READY}; every view by {@code VIEW size=N coord=C}.
 * <p>Arguments: {@code stack=RESOURCE name=NAME bind=IP [mcast=ADDR] [hosts=IP[7800],...]}; bind, mcast and hosts
 * become the system properties {@code bench.bind_addr}, {@code bench.mcast_addr} and {@code bench.initial_hosts}
 * that the stacks refer to.
 */
public final class JGroupsBenchMember implements Receiver {

    private final JChannel channel;
    /** Own deliveries of the current throughput window's messages (tagged with {@link #window}). */
    private final AtomicLong ownDelivered = new AtomicLong();
    /** Negative tags are throughput windows (-1, -2, ...), others are latency sequence numbers. */
    private volatile long window;
    private volatile long lastOwnSeq = -1;
    private volatile Thread waiter;
    private volatile Address self;

    private JGroupsBenchMember(String stack, String name) throws Exception {
        channel = new JChannel(stack);
        channel.setName(name);
        channel.setReceiver(this);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.net.preferIPv4Stack", "true");
        String stack = null;
        String name = "member";
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not key=value: " + a);
            }
            String k = a.substring(0, eq);
            String v = a.substring(eq + 1);
            switch (k) {
                case "stack" -> stack = v;
                case "name" -> name = v;
                case "bind" -> System.setProperty("bench.bind_addr", v);
                case "mcast" -> System.setProperty("bench.mcast_addr", v);
                case "hosts" -> System.setProperty("bench.initial_hosts", v);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (stack == null) {
            throw new IllegalArgumentException("stack=RESOURCE is required");
        }
        JGroupsBenchMember m = new JGroupsBenchMember(stack, name);
        m.channel.connect("chorus-bench");
        m.self = m.channel.getAddress();
        out("CONNECTED " + m.self);
        out("READY");
        m.loop();
    }

    private void loop() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                switch (w[0]) {
                    case "T" -> throughput(Integer.parseInt(w[1]), Double.parseDouble(w[2]));
                    case "L" -> latency(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]));
                    case "Q" -> {
                        return;
                    }
                    case "" -> {
                        continue;
                    }
                    default -> out("ERROR unknown command " + line);
                }
                out("READY");
            }
        } finally {
            channel.close();
            out("CLOSED");
        }
    }

    private void throughput(int size, double seconds) throws Exception {
        byte[] body = new byte[Math.max(size, 8)];
        long tag = window - 1;
        ByteBuffer.wrap(body).putLong(tag);
        ownDelivered.set(0);
        window = tag;
        long sent = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            channel.send(new BytesMessage(null, body));
            sent++;
        }
        long delivered = ownDelivered.get();
        double t = (System.nanoTime() - start) / 1e9;
        out(String.format(Locale.ROOT, "RESULT size=%d delivered=%d seconds=%.6f sent=%d", size, delivered, t, sent));
        // the next window starts on an idle group: wait (bounded) until every message of this one is back
        long drainStart = System.nanoTime();
        long drainEnd = drainStart + TimeUnit.SECONDS.toNanos(15);
        while (ownDelivered.get() < sent && System.nanoTime() < drainEnd) {
            Thread.sleep(5);
        }
        out("DRAINED delivered=" + ownDelivered.get() + " of " + sent + " in "
                + (System.nanoTime() - drainStart) / 1_000_000 + " ms");
        Thread.sleep(200);
    }

    private void latency(int count, int warmup, int size) throws Exception {
        long[] rtt = new long[count];
        waiter = Thread.currentThread();
        try {
            for (int i = 0; i < warmup + count; i++) {
                long seq = i;
                byte[] body = new byte[Math.max(size, 8)];
                ByteBuffer.wrap(body).putLong(seq);
                long t0 = System.nanoTime();
                channel.send(new BytesMessage(null, body));
                long deadline = t0 + TimeUnit.SECONDS.toNanos(5);
                while (lastOwnSeq != seq) {
                    if (System.nanoTime() > deadline) {
                        out("ERROR message " + seq + " not delivered back within 5 s");
                        return;
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    rtt[i - warmup] = t1 - t0;
                }
            }
        } finally {
            waiter = null;
        }
        Arrays.sort(rtt);
        out(String.format(Locale.ROOT, "LATENCY p50_us=%.1f p99_us=%.1f n=%d", rank(rtt, 50) / 1e3, rank(rtt, 99) / 1e3,
                count));
    }

    /** Nearest-rank percentile of sorted values. */
    static long rank(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public void receive(Message msg) {
        Address s = self;
        if (s != null && s.equals(msg.getSrc()) && msg.getLength() >= 8) {
            long seq = ByteBuffer.wrap(msg.getArray(), msg.getOffset(), 8).getLong();
            if (seq < 0) {
                if (seq == window) {
                    ownDelivered.incrementAndGet();
                }
            } else {
                lastOwnSeq = seq;
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    @Override
    public void viewAccepted(View view) {
        out("VIEW size=" + view.size() + " coord=" + view.getCoord() + " members=" + view.getMembers());
    }

    private static void out(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
