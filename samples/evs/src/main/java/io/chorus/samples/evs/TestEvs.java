package io.chorus.samples.evs;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.evs.Evs;
import io.chorus.api.evs.EvsCallbacks;
import io.chorus.api.evs.EvsClient;
import io.chorus.api.evs.EvsGroup;
import io.chorus.api.evs.EvsGuarantee;
import io.chorus.api.evs.EvsMembership;
import io.chorus.samples.Samples;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * testevs (services.md §7, §10): prints the membership, joins key1..key3 and leaves key1, multicasts 500
 * messages to its joined groups and 500 to key2 (2000-byte buffers, retrying TRY_AGAIN), and dispatches until
 * all 1000 came back to it. Exit 0 when they did. The C program's {@code seteuid(20333)} at message 45 (to show
 * credentials are checked once, at connect) has no Java equivalent and is left out.
 */
public final class TestEvs implements EvsCallbacks {

    static final int MESSAGES = 500;
    private static final int BUFFER = 2000;
    /** Give up after this long without a delivery (a lost message would otherwise hang the program). */
    private static final long STALL_MILLIS = 30_000;

    private final PrintStream out;
    private int delivered;

    private TestEvs(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        EngineConnection connection;
        try {
            connection = Samples.connect("evs");
        } catch (ChorusException e) {
            System.out.println("Init result " + e.error().code());
            System.exit(1);
            return;
        }
        System.exit(run(connection, System.out) ? 0 : 1);
    }

    /** The program on an open connection to the evs engine (in-container in tests); true when all came back. */
    public static boolean run(EngineConnection connection, PrintStream out) throws ChorusException {
        TestEvs program = new TestEvs(out);
        try (Evs evs = EvsClient.open(connection, program)) {
            EvsMembership m = evs.membershipGet();
            out.println("Current membership from evs_membership_get entries " + m.members().length);
            for (int id : m.members()) {
                out.println("member [" + Integer.toHexString(id) + "]");
            }
            out.println("local processor from evs_membership_get " + Integer.toHexString(m.localNodeId()));
            out.println("Init result 1");
            List<EvsGroup> groups = List.of(EvsGroup.of("key1"), EvsGroup.of("key2"), EvsGroup.of("key3"));
            evs.join(groups);
            out.println("Join result 1");
            evs.leave(List.of(groups.get(0)));
            out.println("Leave result 1");

            for (int i = 0; i < MESSAGES; i++) {
                ByteBuffer msg = message("evs_mcast_joined: This is message " + i);
                Samples.tryAgain(connection, () -> evs.mcastJoined(EvsGuarantee.AGREED, msg.duplicate()));
                evs.dispatch(DispatchFlag.ALL);
            }
            List<EvsGroup> key2 = List.of(groups.get(1));
            for (int i = 0; i < MESSAGES; i++) {
                ByteBuffer msg = message("evs_mcast_groups: This is message " + i);
                Samples.tryAgain(connection, () -> evs.mcastGroups(EvsGuarantee.AGREED, key2, msg.duplicate()));
                evs.dispatch(DispatchFlag.ALL);
            }
            long idle = 0;
            while (program.delivered < 2 * MESSAGES && idle < STALL_MILLIS) {
                if (evs.dispatch(DispatchFlag.ALL) == 0) {
                    connection.pause(10);
                    idle += 10;
                } else {
                    idle = 0;
                }
            }
        }
        boolean ok = program.delivered == 2 * MESSAGES;
        out.println(ok ? "All " + program.delivered + " messages self-delivered"
                : "FAILED: " + program.delivered + " of " + 2 * MESSAGES + " messages self-delivered");
        return ok;
    }

    /** The text NUL-terminated in a 2000-byte buffer, as the C program sends its char[2000]. */
    private static ByteBuffer message(String text) {
        ByteBuffer b = ByteBuffer.allocate(BUFFER);
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        return b.clear();
    }

    @Override
    public void deliver(int nodeid, ByteBuffer message) {
        int end = message.position();
        while (end < message.limit() && message.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - message.position()];
        message.get(bytes);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int colon = text.indexOf(": ");
        String api = colon < 0 ? "?" : text.substring(0, colon);
        out.println("API '" + api + "' msg '" + text.substring(colon + 2) + "'");
        delivered++;
    }

    @Override
    public void confchg(int[] members, int[] left, int[] joined) {
        ConfchgPrinter.print(out, members, left, joined);
    }
}
