package io.chorus.launcher.interop;

import io.chorus.launcher.ExecutiveMain;
import io.chorus.transport.it.NodeProcess;
import io.chorus.transport.interop.InteropNet;
import io.chorus.transport.interop.CorosyncDaemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mixed ring of the interop ITs: four network namespaces (corosync-wire.md §5) on one bridge, Debian corosync
 * 3.1.7 daemons as nodes 1..3 and a Chorus node ({@link ExecutiveMain}: executive, cmap, cfg, cpg, quorum,
 * votequorum and an IPC socket) as node 4, udpu, crypto off, {@code quorum { provider: corosync_votequorum }}, a
 * nodelist of four. Nothing starts until asked; {@link #close()} kills every process by PID and deletes the
 * namespaces. Work files (configs, C debug logs, the Chorus output) stay in {@code target/it-work/<name>-<millis>}.
 */
final class MixedRing implements AutoCloseable {
    static final int CHORUS_ID = 4;
    static final long FAILURE_DETECTION_MS = 30_000;
    static final long JOIN_MS = 30_000;
    private static final Pattern TOTAL_VOTES = Pattern.compile("Total votes:\\s+(\\d+)");

    final InteropNet net;
    final Path work;
    final TreeMap<Integer, CorosyncDaemon> corosync = new TreeMap<>();
    final List<NodeProcess> chorusProcesses = new java.util.ArrayList<>();
    NodeProcess chorus;
    Process tcpdump;
    final String name;

    /** Namespaces {@code <tag>-<hex>-*}; {@code name} prefixes the work directory and the report lines. */
    MixedRing(String tag, String name) throws Exception {
        this.name = name;
        this.net = new InteropNet(tag, 4);
        this.work = NodeProcess.workDir(name + "-" + System.currentTimeMillis());
        try {
            net.setUp();
            if (Boolean.getBoolean("interop.pcap") && InteropNet.which("tcpdump") != null) {
                tcpdump = new ProcessBuilder("ip", "netns", "exec", net.bridge(), "tcpdump", "-i", "br0", "-s", "0",
                        "-U", "-w", work.resolve("bridge.pcap").toString(), "udp").redirectErrorStream(true)
                        .redirectOutput(work.resolve("tcpdump.log").toFile()).start();
                Thread.sleep(500);
            }
            for (int id = 1; id <= 4; id++) {
                Path dir = work.resolve("n" + id);
                Files.createDirectories(dir.resolve("state"));
                Files.writeString(dir.resolve("corosync.conf"), config(dir));
                if (id != CHORUS_ID) {
                    corosync.put(id, new CorosyncDaemon(id, net.node(id), dir));
                }
            }
            report("work directory " + work + ", namespaces " + net.prefix + "*, subnet " + net.subnet + ".0/24");
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    String config(Path dir) {
        StringBuilder b = new StringBuilder();
        b.append("totem {\n    version: 2\n    cluster_name: chretest\n    transport: udpu\n")
                .append("    crypto_cipher: none\n    crypto_hash: none\n    interface {\n        linknumber: 0\n")
                .append("        mcastport: 5405\n    }\n}\nnodelist {\n");
        for (int id = 1; id <= 4; id++) {
            b.append("    node {\n        ring0_addr: ").append(net.address(id)).append("\n        nodeid: ").append(id)
                    .append("\n        name: n").append(id).append("\n    }\n");
        }
        b.append("}\nquorum {\n    provider: corosync_votequorum\n}\n");
        b.append("logging {\n    to_stderr: no\n    to_logfile: yes\n    logfile: ").append(dir.resolve("corosync.log"))
                .append("\n    to_syslog: no\n    timestamp: hires\n    debug: on\n}\n");
        b.append("system {\n    state_dir: ").append(dir.resolve("state")).append("\n}\n");
        return b.toString();
    }

    /**
     * C daemons 1..3 form their ring and sync, then the Chorus node joins: both sides complete the sync round of
     * the ring of four.
     */
    void formRing() throws Exception {
        startCorosync(1, 2, 3);
        awaitC(Set.of(1, 2, 3));
        awaitCSync(3);
        startChorus();
        awaitChorusSync("1,2,3,4");
        awaitC(Set.of(1, 2, 3, 4));
        awaitCSync(4);
    }

    void startCorosync(int... ids) throws Exception {
        for (int id : ids) {
            corosync.get(id).start();
            Thread.sleep(500);
        }
    }

    Path socket() {
        return work.resolve("n" + CHORUS_ID).resolve("chorus.sock");
    }

    void startChorus() throws Exception {
        Path dir = work.resolve("n" + CHORUS_ID);
        chorus = NodeProcess.start("chorus-" + CHORUS_ID, dir.resolve("chorus-" + chorusProcesses.size() + ".out"),
                net.node(CHORUS_ID), ExecutiveMain.class.getName(), 128,
                List.of("-c", dir.resolve("corosync.conf").toString(), "--nodeid",
                        Integer.toString(CHORUS_ID), "--state-dir", dir.resolve("state").toString(),
                        "--ipc-socket", socket().toString()));
        chorusProcesses.add(chorus);
    }

    /** The Chorus node's executive completed the sync round of a ring with exactly {@code members}. */
    void awaitChorusSync(String members) throws InterruptedException {
        String line = chorus.await("SYNC COMPLETED members=" + members, 0, JOIN_MS,
                l -> l.startsWith("SYNC COMPLETED") && l.endsWith("members=" + members));
        report("Chorus: " + line);
        chorus.await("the executive's log line", 0, 5_000,
                l -> l.contains("Completed service synchronization, ready to provide service."));
    }

    void awaitC(Set<Integer> members) throws Exception {
        awaitC(members, JOIN_MS);
    }

    void awaitC(Set<Integer> members, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (CorosyncDaemon d : corosync.values()) {
            if (d.isAlive()) {
                d.awaitMembers(members, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        report("C nodes list " + members + " as joined (runtime.members)");
    }

    /**
     * Every running C node logged {@code Completed service synchronization} after the membership line of its current
     * ring, and that ring has {@code size} members ({@code Members[size]} in between).
     */
    void awaitCSync(int size) throws Exception {
        for (CorosyncDaemon d : corosync.values()) {
            if (!d.isAlive()) {
                continue;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            String ring = d.lastRing();
            while (!(d.syncCompletedAfter(ring) && quorumMembers(d, ring) == size)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("C node " + d.nodeId + " did not complete the sync of ring " + ring
                            + " with " + size + " members; last memberships " + d.memberships()
                            + "; sync lines: " + d.logLines("[SYNC  ]").subList(
                                    Math.max(0, d.logLines("[SYNC  ]").size() - 12), d.logLines("[SYNC  ]").size())
                            + "; log " + d.log());
                }
                Thread.sleep(200);
                ring = d.lastRing();
            }
            report("C node " + d.nodeId + " ring " + ring + ": Completed service synchronization, Members[" + size + "]");
        }
    }

    /** The {@code [QUORUM] Members[n]} count logged after ring {@code ring}'s membership line, or -1. */
    private int quorumMembers(CorosyncDaemon d, String ring) throws Exception {
        boolean seen = false;
        int n = -1;
        for (String l : Files.readAllLines(d.log(), StandardCharsets.UTF_8)) {
            if (l.contains("A new membership (" + ring + ")")) {
                seen = true;
            } else if (seen && l.contains("[QUORUM] Members[")) {
                int i = l.indexOf("Members[") + 8;
                n = Integer.parseInt(l.substring(i, l.indexOf(']', i)));
            }
        }
        return n;
    }

    void awaitTotalVotes(CorosyncDaemon d, int votes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String s;
        while (true) {
            s = d.tool("corosync-quorumtool", "-s");
            Matcher m = TOTAL_VOTES.matcher(s);
            if (m.find() && Integer.parseInt(m.group(1)) == votes) {
                report("C node " + d.nodeId + ": Total votes " + votes);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("C node " + d.nodeId + ": not Total votes " + votes + ":\n" + s);
            }
            Thread.sleep(300);
        }
    }

    /** {@code chorus quorumtool ARGS} against the Chorus node's IPC socket (the CLI in-process). */
    String chorusQuorumtool(String... args) {
        return chorusTool("quorumtool", args);
    }

    /** {@code chorus TOOL ARGS} (quorumtool, cfgtool, ...) against the Chorus node's IPC socket, in-process. */
    String chorusTool(String tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Properties props = new Properties();
        props.setProperty("chorus.ipc.socket", socket().toString());
        String[] argv = new String[args.length + 1];
        argv[0] = tool;
        System.arraycopy(args, 0, argv, 1, args.length);
        int rc = io.chorus.cli.Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), props);
        String text = out.toString(StandardCharsets.UTF_8);
        report("chorus " + tool + " " + String.join(" ", args) + " (rc " + rc + "):\n" + text
                + err.toString(StandardCharsets.UTF_8));
        return text;
    }

    void report(String text) {
        System.out.println("[" + name + "] " + text);
    }

    @Override
    public void close() {
        for (NodeProcess p : chorusProcesses) {
            p.kill();
        }
        for (CorosyncDaemon d : corosync.values()) {
            d.kill();
        }
        if (tcpdump != null) {
            try {
                InteropNet.run(false, "kill", "-TERM", Long.toString(tcpdump.pid()));
                if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
                    tcpdump.destroyForcibly();
                }
            } catch (Exception e) {
                tcpdump.destroyForcibly();
            }
        }
        net.close();
    }
}
