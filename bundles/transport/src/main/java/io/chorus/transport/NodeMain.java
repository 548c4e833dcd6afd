package io.chorus.transport;

import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigException;
import io.chorus.config.ConfigLoader;
import io.chorus.config.ConfigProblem;
import io.chorus.totem.ConfigurationChange;
import io.chorus.totem.pg.McastResult;
import io.chorus.totem.pg.TotemPgGroup;
import io.chorus.totem.pg.TotemPgListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A plain-JVM Chorus node (Totem only, no services), for tests and for trying a cluster out:
 * <pre>
 * java -cp ... io.chorus.transport.NodeMain -c etc/corosync.conf [--nodeid N] [--state-dir DIR] [--status-file FILE]
 * </pre>
 * It prints one line per configuration change ({@code CONFIG REGULAR ring=1.8 members=1,2,3 left= joined=3}) and per
 * delivered test message ({@code DELIVER from=2 TEXT}), and reads commands on stdin:
 * {@code status}, {@code send TEXT}, {@code sendmany N PREFIX} (PREFIX-0 .. PREFIX-(N-1)), {@code leave},
 * {@code reenable}, {@code reenable-all}, {@code quit}. End of input is not a command (a node started with
 * {@code < /dev/null} keeps running). SIGTERM leaves the ring cleanly (shutdown hook) and prints {@code LEFT}.
 * With {@code --status-file} the status line is rewritten every second.
 *
 * <p>Exit codes: 0 after quit/SIGTERM, 8 for a configuration error, 2 for a usage error, 1 when the node cannot start.
 */
public final class NodeMain {

    /** The totempg group the test messages travel in (not "a": real Corosync nodes would try to parse them). */
    public static final TotemPgGroup TEST_GROUP = TotemPgGroup.of("chorus.test");

    private static final PrintStream OUT = System.out;

    private NodeMain() { }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", System.getProperty("org.slf4j.simpleLogger.logFile", "System.out"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        Path conf = null;
        Path stateDir = null;
        Path statusFile = null;
        NodeOptions options = NodeOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            if (next == null && !a.equals("-h") && !a.equals("--help")) {
                usage("missing value after " + a);
            }
            switch (a) {
                case "-c", "--config" -> conf = Path.of(next);
                case "--nodeid" -> options = options.withNodeId((int) Long.parseLong(next));
                case "--state-dir" -> stateDir = Path.of(next);
                case "--status-file" -> statusFile = Path.of(next);
                case "-h", "--help" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown option " + a);
            }
            i++;
        }
        if (conf == null) {
            conf = ConfigLoader.defaultConfigPath(System.getenv(), System.getProperties());
        }
        ChorusConfig config;
        try {
            config = ConfigLoader.load(conf);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                System.err.println(p);
            }
            System.exit(8);
            return;
        }
        if (stateDir != null) {
            options = options.withStateDir(stateDir);
        }
        TotemNode node;
        try {
            options = options.withProtection(Protections.fromConfig(config.totem(), System.getenv(),
                    ConfigLoader.home(System.getenv(), System.getProperties())));
            node = TotemNode.start(config, options);
        } catch (TransportException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        run(node, statusFile);
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: NodeMain -c corosync.conf [--nodeid N] [--state-dir DIR] [--status-file FILE]");
        if (error != null) {
            System.exit(2);
        }
    }

    private static synchronized void print(String line) {
        OUT.println(line);
        OUT.flush();
    }

    static String format(ConfigurationChange c) {
        return "CONFIG " + c.kind() + " ring=" + c.ringId() + " members=" + ids(c.members()) + " left=" + ids(c.left())
                + " joined=" + ids(c.joined());
    }

    private static String ids(int[] ids) {
        return Arrays.stream(ids).mapToObj(Integer::toUnsignedString).collect(Collectors.joining(","));
    }

    private static void run(TotemNode node, Path statusFile) throws IOException, InterruptedException {
        node.addConfigurationListener(c -> print(format(c)));
        node.join(TEST_GROUP, new TotemPgListener() {
            @Override
            public void deliver(int sender, TotemPgGroup group, ByteBuffer message) {
                byte[] b = new byte[message.remaining()];
                message.duplicate().get(b);
                print("DELIVER from=" + Integer.toUnsignedString(sender) + " " + new String(b, StandardCharsets.UTF_8));
            }
        });
        ScheduledExecutorService statusWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-file");
            t.setDaemon(true);
            return t;
        });
        if (statusFile != null) {
            statusWriter.scheduleWithFixedDelay(() -> writeStatus(node, statusFile), 0, 1, TimeUnit.SECONDS);
        }
        Thread hook = new Thread(() -> {
            statusWriter.shutdownNow();
            node.stop(true);
            print("LEFT");
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        print("STARTED nodeid=" + Integer.toUnsignedString(node.nodeId()));

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String cmd = line.split("\\s+", 2)[0];
            String rest = line.length() > cmd.length() ? line.substring(cmd.length()).strip() : "";
            switch (cmd) {
                case "status" -> print("STATUS " + node.status().toLine());
                case "send" -> print(send(node, rest) ? "SENT " + rest : "SEND-FAILED " + rest);
                case "sendmany" -> {
                    String[] p = rest.split("\\s+", 2);
                    int n = Integer.parseInt(p[0]);
                    String prefix = p.length > 1 ? p[1] : "m";
                    int ok = 0;
                    for (int i = 0; i < n; i++) {
                        if (send(node, prefix + "-" + i)) {
                            ok++;
                        }
                    }
                    print("SENTMANY " + ok + "/" + n);
                }
                case "leave" -> {
                    node.leave();
                    print("LEAVING");
                }
                case "reenable" -> print("REENABLED " + node.reenableRings());
                case "reenable-all" -> {
                    McastResult r = node.reenableRingsClusterWide().join();
                    print("REENABLE-ALL " + r);
                }
                case "quit" -> {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    statusWriter.shutdownNow();
                    node.stop(true);
                    print("LEFT");
                    System.exit(0);
                }
                default -> print("UNKNOWN " + cmd);
            }
        }
        // End of input: keep running until a signal (started with < /dev/null or its driver went away).
        Thread.currentThread().join();
    }

    /** Sends one message, retrying for up to 10 s while the queue answers TRY_AGAIN. */
    private static boolean send(TotemNode node, String text) throws InterruptedException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            McastResult r = node.mcast(TEST_GROUP, b.duplicate()).join();
            if (r == McastResult.OK) {
                return true;
            }
            if (r == McastResult.TOO_LARGE || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
    }

    private static void writeStatus(TotemNode node, Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, node.status().toLine() + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // the node is stopping, or the directory went away; the next round tries again
        }
    }
}
