package io.chorus.launcher;

import io.chorus.api.RingView;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.NodeControl;
import io.chorus.api.spi.ServiceEngine;
import io.chorus.cfg.internal.CfgEngine;
import io.chorus.cmap.internal.CmapEngine;
import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigException;
import io.chorus.config.ConfigLoader;
import io.chorus.config.ConfigProblem;
import io.chorus.config.ServiceStanza;
import io.chorus.cpg.internal.CpgEngine;
import io.chorus.executive.Executive;
import io.chorus.executive.ExecutiveListener;
import io.chorus.executive.internal.SessionGateway;
import io.chorus.executive.node.NodeControlStatus;
import io.chorus.executive.node.TotemNodeRing;
import io.chorus.ipc.internal.AccessPolicy;
import io.chorus.ipc.internal.Accounts;
import io.chorus.ipc.internal.IpcServer;
import io.chorus.ipc.internal.IpcSettings;
import io.chorus.quorum.internal.QuorumEngine;
import io.chorus.totem.ConfigurationChange;
import io.chorus.transport.NodeOptions;
import io.chorus.transport.Protections;
import io.chorus.transport.TotemNode;
import io.chorus.transport.TransportException;
import io.chorus.votequorum.internal.VotequorumEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A full Chorus node in a plain JVM, without Karaf: the Totem transport, the executive and the default engines
 * (cmap, cfg, cpg, quorum, votequorum), wired as the DS components do in Karaf, and optionally the IPC socket.
 * <pre>
 * java -cp ... io.chorus.launcher.ExecutiveMain -c corosync.conf [--nodeid N] [--state-dir D] [--ipc-socket PATH]
 * </pre>
 * Prints {@code STARTED nodeid=N}, one {@code CONFIG REGULAR|TRANSITIONAL ring=R members=... left=... joined=...}
 * line per configuration change, {@code SYNC COMPLETED ring=R members=...} when the executive completes a sync round
 * (the executive itself logs Corosync's {@code Completed service synchronization, ready to provide service.}; the log
 * goes to stdout), and reads {@code status} and {@code quit} on stdin. SIGTERM leaves the ring cleanly, and so does a
 * kill or agreed shutdown by cfg ({@code SHUTDOWN <reason>}, then {@code LEFT}, exit code 0), as corosync exits.
 */
public final class ExecutiveMain {

    private static final PrintStream OUT = System.out;

    private ExecutiveMain() { }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", System.getProperty("org.slf4j.simpleLogger.logFile", "System.out"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        Path conf = null;
        Path stateDir = null;
        Path ipcSocket = null;
        NodeOptions options = NodeOptions.defaults().withAcknowledgeTransitions(false);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            if (next == null) {
                usage(a.equals("-h") || a.equals("--help") ? null : "missing value after " + a);
                return;
            }
            switch (a) {
                case "-c", "--config" -> conf = Path.of(next);
                case "--nodeid" -> options = options.withNodeId((int) Long.parseLong(next));
                case "--state-dir" -> stateDir = Path.of(next);
                case "--ipc-socket" -> ipcSocket = Path.of(next);
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
        for (ConfigProblem w : config.warnings()) {
            print("CONFIG-WARNING " + w);
        }
        if (stateDir != null) {
            options = options.withStateDir(stateDir);
        }
        TotemNode node;
        try {
            options = options.withProtection(Protections.fromConfig(config.totem(), System.getenv(),
                    ConfigLoader.home(System.getenv(), System.getProperties())));
            node = TotemNode.open(config, options);
        } catch (TransportException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        run(config, node, ipcSocket);
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: ExecutiveMain -c corosync.conf [--nodeid N] [--state-dir DIR] [--ipc-socket PATH]");
        System.exit(error == null ? 0 : 2);
    }

    static synchronized void print(String line) {
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

    /**
     * What the executive bundle's NodeControlComponent is in Karaf, over the Totem node: status, ring re-enable, and
     * a stop that exits the JVM (on a thread of its own: the caller may be the ring's event loop, which the shutdown
     * hook joins), so the hook leaves the ring cleanly.
     */
    private static NodeControl nodeControl(TotemNode node) {
        return new NodeControl() {
            @Override
            public Status status() {
                return NodeControlStatus.of(node.status());
            }

            @Override
            public int reenableRings() {
                return node.reenableRings();
            }

            @Override
            public void shutdown(String reason) {
                print("SHUTDOWN " + reason);
                Thread t = new Thread(() -> System.exit(0), "chorus-shutdown");
                t.setDaemon(false);
                t.start();
            }
        };
    }

    private static void run(ChorusConfig config, TotemNode node, Path ipcSocket) throws Exception {
        node.addConfigurationListener(c -> print(format(c)));
        AtomicInteger n = new AtomicInteger();
        ExecutorService blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chorus-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        TotemNodeRing ring = new TotemNodeRing(node);
        Executive ex = Executive.create(ring, blocking);
        ex.addListener(new ExecutiveListener() {
            @Override
            public void engineLoaded(EngineInfo engine) {
                print("ENGINE LOADED " + engine.name() + " id=" + engine.id());
            }

            @Override
            public void syncCompleted(RingView view) {
                print("SYNC COMPLETED ring=" + Integer.toUnsignedString(view.ringRep()) + "." + Long.toHexString(view.ringSeq())
                        + " members=" + ids(view.members()));
            }
        });

        // as CmapComponent, VotequorumComponent and the DS engines (cfg, cpg, quorum) do in Karaf
        CmapEngine cmap = CmapEngine.of(config, ex::statistics);
        VotequorumEngine votequorum = VotequorumEngine.of(config);
        QuorumEngine quorum = new QuorumEngine();
        if (votequorum.isProvider()) {
            quorum.setProvider(votequorum);
        }
        // EVS is no default service: it runs when the config has a service { name: openais_evs } stanza.
        CfgEngine cfg = new CfgEngine(nodeControl(node));
        List<ServiceEngine> engines = new ArrayList<>(List.of(cmap, cfg, new CpgEngine(), quorum, votequorum,
                new io.chorus.evs.internal.EvsEngine()));

        ex.start();
        ex.defaultServices(config.aisexec().defaultServices());
        for (ServiceStanza s : config.services()) {
            ex.putStanza("file:" + s.name() + ":" + s.line(), s);
        }
        for (ServiceEngine e : engines) {
            ex.addEngine(e);
        }
        if (votequorum.isProvider()) {
            BooleanSupplier primary = votequorum.primary();
            ex.primaryProvider(primary);
        }

        IpcServer ipc = null;
        if (ipcSocket != null) {
            ipc = new IpcServer(IpcSettings.of(ipcSocket), AccessPolicy.of(config, Accounts.system()),
                    new SessionGateway(ex, ring));
            ipc.start();
            print("IPC " + ipcSocket);
        }
        IpcServer ipcServer = ipc;
        Thread hook = new Thread(() -> {
            if (ipcServer != null) {
                ipcServer.close();
            }
            ex.stop();
            node.stop(true);
            print("LEFT");
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        print("STARTED nodeid=" + Integer.toUnsignedString(node.nodeId()) + " engines="
                + ex.loadedEngines().stream().map(EngineInfo::name).collect(Collectors.joining(",")));

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.strip()) {
                case "" -> { }
                case "status" -> print("STATUS syncs=" + ex.completedSyncs() + " syncing=" + ex.syncInProgress()
                        + " quorate=" + votequorum.quorate() + " members=" + ids(votequorum.members()) + " engines="
                        + ex.loadedEngines().stream().map(EngineInfo::name).collect(Collectors.joining(","))
                        + " " + node.status().toLine());
                case "stats" -> print("STATS " + ex.statistics());
                case "quit" -> {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    hook.run();
                    System.exit(0);
                }
                default -> print("UNKNOWN " + line.strip());
            }
        }
        Thread.currentThread().join();
    }
}
