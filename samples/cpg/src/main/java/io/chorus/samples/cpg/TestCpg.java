package io.chorus.samples.cpg;

import io.chorus.api.ChorusException;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgCallbacks;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgGuarantee;
import io.chorus.api.cpg.CpgRingId;
import io.chorus.ipc.client.IpcEngineConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * testcpg: joins a group (default {@code GROUP}), prints every confchg, totem confchg and delivered message,
 * and multicasts each line read from standard input; end of input leaves and finalizes. Usage:
 * {@code testcpg [group]} with {@code -Dchorus.ipc.socket=...} or {@code CHORUS_IPC_SOCKET} naming the socket.
 */
public final class TestCpg implements CpgCallbacks {

    private static final String[] REASONS = {"", "joined", "left", "node down", "node up", "process down"};

    private int localNodeId;

    public static void main(String[] args) throws Exception {
        CpgGroup group = CpgGroup.of(args.length > 0 ? args[0] : "GROUP");
        TestCpg program = new TestCpg();
        Cpg cpg;
        try {
            cpg = CpgClient.open(IpcEngineConnection.connect(io.chorus.samples.Samples.socket(), "cpg"), program);
        } catch (ChorusException e) {
            System.out.println("Could not initialize Cluster Process Group API instance error " + e.error().code());
            System.exit(1);
            return;
        }
        program.localNodeId = cpg.localGet();
        System.out.println("Local node id is " + Integer.toUnsignedString(program.localNodeId));
        Retry.tryAgain(() -> {
            cpg.join(group);
            return null;
        });
        System.out.println("Type EXIT to finish");
        cpg.startDispatchThread();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("EXIT")) {
            ByteBuffer msg = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            Retry.tryAgain(() -> {
                cpg.mcastJoined(CpgGuarantee.AGREED, msg);
                return null;
            });
        }
        Retry.tryAgain(() -> {
            cpg.leave(group);
            return null;
        });
        Thread.sleep(500); // let our own leave confchg print
        cpg.close();
        System.out.println("Finalize result is 1 (should be 1)");
    }

    @Override
    public synchronized void deliver(CpgGroup group, int nodeid, int pid, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        System.out.println("DeliverCallback: message (len=" + bytes.length + ")from group '" + group.name()
                + "' node/pid " + Integer.toUnsignedString(nodeid) + "/" + Integer.toUnsignedString(pid) + ": '"
                + new String(bytes, StandardCharsets.UTF_8) + "'");
    }

    @Override
    public synchronized void confchg(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left,
            List<CpgAddress> joined) {
        System.out.println();
        System.out.println("ConfchgCallback: group '" + group.name() + "'");
        for (CpgAddress a : joined) {
            System.out.println("joined node/pid " + node(a) + " reason: " + a.reason().code() + " ("
                    + REASONS[a.reason().code()] + ")");
        }
        for (CpgAddress a : left) {
            System.out.println("left node/pid " + node(a) + " reason: " + a.reason().code() + " ("
                    + REASONS[a.reason().code()] + ")");
        }
        System.out.println("nodes in group now " + members.size());
        for (CpgAddress a : members) {
            System.out.println("node/pid " + node(a) + (a.nodeid() == localNodeId ? " (this node)" : ""));
        }
    }

    @Override
    public synchronized void totemConfchg(CpgRingId ringId, int[] members) {
        System.out.println();
        System.out.println("TotemConfchgCallback: ringid (" + ringId + ")");
        System.out.println("active processors " + members.length + ":");
        for (int m : members) {
            System.out.print(" " + Integer.toUnsignedString(m));
        }
        System.out.println();
    }

    private static String node(CpgAddress a) {
        return Integer.toUnsignedString(a.nodeid()) + "/" + Integer.toUnsignedString(a.pid());
    }
}
