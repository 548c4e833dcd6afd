package io.chorus.cli;

import static org.junit.Assert.assertEquals;

import io.chorus.api.cfg.CfgRing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.Test;

public class CfgtoolCommandTest {

    @Test
    public void ringStatusHasCorosyncCfgtoolsShape() {
        assertEquals("Printing ring status.\nLocal node ID 1\nRING ID 0\n\tid\t= 127.0.0.1\n"
                        + "\tstatus\t= ring 0 active with no faults\n",
                CfgtoolCommand.ringStatus(1, List.of(new CfgRing(0, "127.0.0.1", false, "ring 0 active with no faults"))));
    }

    @Test
    public void nodesListsTheOthers() {
        assertEquals("Local node ID 2\nnodeid: 1 reachable\nnodeid: 3 reachable\n",
                CfgtoolCommand.nodes(2, new int[] {1, 2, 3}));
    }

    @Test
    public void nodeOptionPicksTheLocalClustersSocket() {
        Properties props = new Properties();
        props.setProperty("chorus.home", "/opt/chorus");
        CliContext ctx = new CliContext(System.out, System.err, Map.of(), props);
        assertEquals(Path.of("/opt/chorus/data/cluster/node2/data/run/chorus.sock"), CfgtoolCommand.socket(ctx, "2"));
        CliContext env = new CliContext(System.out, System.err, Map.of("CHORUS_IPC_SOCKET", "/tmp/x.sock"), props);
        assertEquals(Path.of("/tmp/x.sock"), CfgtoolCommand.socket(env, null));
    }

    @Test
    public void noOptionIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new CfgtoolCommand().run(List.of(), new CliContext(System.out, new PrintStream(err), Map.of(),
                new Properties()));
        assertEquals(ExitCodes.USAGE, rc);
    }
}
