package io.chorus.samples.clm;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.client.EngineConnection;
import io.chorus.api.clm.Clm;
import io.chorus.api.clm.ClmCallbacks;
import io.chorus.api.clm.ClmClient;
import io.chorus.api.clm.ClmNode;
import io.chorus.api.clm.ClmNotification;
import io.chorus.api.clm.ClmNotificationBuffer;
import io.chorus.api.clm.ClmTrackFlags;
import io.chorus.api.clm.ClmVersion;
import io.chorus.samples.Samples;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * testclm (services.md §3, §10): prints the local node, asks five NodeGetAsync (invocations 55, 60, 61, 59,
 * 57; 60 and 61 name nodes that normally do not exist), starts ClusterTrack(CURRENT|CHANGES) and prints the
 * membership, then prints nothing until a node joins or leaves. Enter (or end of input) stops tracking and
 * finalizes. With the executive gone, calls report 2 (ERR_LIBRARY).
 */
public final class TestClm implements ClmCallbacks {

    private static final long SECOND = 1_000_000_000L;

    public static void main(String[] args) throws Exception {
        TestClm program = new TestClm();
        Clm clm;
        try {
            EngineConnection connection = Samples.connect("clm");
            clm = Samples.tryAgain(connection, () -> ClmClient.initialize(connection, program, ClmVersion.B_01_01));
        } catch (ChorusException e) {
            System.out.println("Could not initialize Cluster Membership API instance error " + e.error().code());
            System.exit(1);
            return;
        }
        try {
            print(clm.clusterNodeGet(Clm.LOCAL_NODE_ID, SECOND));
        } catch (ChorusException e) {
            System.out.println("saClmClusterNodeGet result " + e.error().code());
        }
        int[][] asks = {{55, Clm.LOCAL_NODE_ID}, {60, 0x6201a8c0}, {61, 0x6a01a8f0}, {59, Clm.LOCAL_NODE_ID},
            {57, Clm.LOCAL_NODE_ID}};
        for (int[] ask : asks) {
            System.out.println("saClmClusterNodeGetAsync result is " + code(() -> clm.clusterNodeGetAsync(ask[0], ask[1])));
        }
        int trackResult = code(() -> {
            ClmNotificationBuffer now = clm.clusterTrack(ClmTrackFlags.CURRENT | ClmTrackFlags.CHANGES);
            System.out.println("track result is 1");
            printBuffer(now);
        });
        if (trackResult != 1) {
            System.out.println("track result is " + trackResult);
        }
        clm.startDispatchThread();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.out.println("TrackStop result is " + code(clm::clusterTrackStop) + " (should be 1)");
        clm.close();
        System.out.println("Finalize  result is 1 (should be 1)");
    }

    interface Call {
        void run() throws ChorusException;
    }

    /** The SA error number of a call, as the C program prints it. */
    private static int code(Call call) {
        try {
            call.run();
            return ChorusError.OK.code();
        } catch (ChorusException e) {
            return e.error().code();
        }
    }

    private static synchronized void print(ClmNode node) {
        System.out.println("Node information");
        System.out.println("\tnode id is " + Integer.toHexString(node.nodeId()));
        System.out.println("\tnode address is " + node.address().value());
        System.out.println("\tnode name is " + node.nodeName());
        System.out.println("\tmember is " + (node.member() ? 1 : 0));
        System.out.println("\ttimestamp is " + Long.toHexString(node.bootTimestamp()) + " nanoseconds");
        System.out.println("\tinitial view number is " + node.initialViewNumber());
    }

    private static synchronized void printBuffer(ClmNotificationBuffer buffer) {
        System.out.println("view number is " + buffer.viewNumber());
        for (ClmNotification n : buffer.notification()) {
            System.out.println("NODE STATE " + switch (n.clusterChange()) {
                case NO_CHANGE -> "NO CHANGE.";
                case JOINED -> "JOINED.";
                case LEFT -> "LEFT.";
                case RECONFIGURED -> "RECONFIGURED.";
            });
            print(n.clusterNode());
        }
    }

    @Override
    public synchronized void clusterNodeGet(long invocation, ClmNode node, ChorusError error) {
        if (error != ChorusError.OK) {
            System.out.println("Node for invocation " + invocation + " not found (" + error.code() + ")");
            return;
        }
        System.out.println("Node for invocation " + invocation + ":");
        print(node);
    }

    @Override
    public synchronized void clusterTrack(ClmNotificationBuffer buffer, int numberOfMembers, ChorusError error) {
        System.out.println("Track callback");
        System.out.println("error is " + error.code());
        System.out.println("number of members is " + numberOfMembers);
        printBuffer(buffer);
    }
}
