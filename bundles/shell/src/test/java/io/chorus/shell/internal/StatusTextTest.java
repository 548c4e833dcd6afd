package io.chorus.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.api.RingView;
import io.chorus.api.spi.EngineInfo;
import io.chorus.api.spi.NodeControl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class StatusTextTest {

    private static final NodeControl.Status NODE = new NodeControl.Status(2, "udpu", "OPERATIONAL", 1, 0xd,
            new int[] {1, 2, 3}, List.of(new NodeControl.Ring(0, "127.0.0.2", false),
            new NodeControl.Ring(1, "10.0.0.2", true)),
            Map.of("packets_in", 120L, "packets_out", 80L, "orf_tokens_received", 40L, "mcasts_retransmitted", 3L,
                    "invalid_digests", 1L));

    @Test
    public void cfgtoolStatusHasCorosyncsShape() {
        assertEquals("Printing ring status.\n"
                + "Local node ID 2\n"
                + "RING ID 0\n\tid\t= 127.0.0.2\n\tstatus\t= ring 0 active with no faults\n"
                + "RING ID 1\n\tid\t= 10.0.0.2\n\tstatus\t= Marking ringid 1 interface 10.0.0.2 FAULTY\n",
                StatusText.ringStatus(NODE));
    }

    @Test
    public void nodesMarkTheLocalOne() {
        assertEquals("Ring ID 1.d, 3 members:\nnodeid: 1\nnodeid: 2 (local)\nnodeid: 3\n", StatusText.nodes(NODE));
    }

    @Test
    public void statusShowsRingEnginesSyncAndCounters() {
        RingView view = new RingView(false, 1, 0xd, new int[] {1, 2, 3}, new int[0], new int[0], true);
        String text = StatusText.status(NODE, new StatusText.ExecutiveFacts(List.of(
                new EngineInfo("cfg", 1, 0, Set.of()), new EngineInfo("cpg", 2, 0, Set.of())), false, 3, 1, view));
        assertTrue(text, text.contains("Node ID:         2\n"));
        assertTrue(text, text.contains("Ring ID:         1.d\n"));
        assertTrue(text, text.contains("Members:         1 2 3 (3)\n"));
        assertTrue(text, text.contains("Ring 1:          10.0.0.2: Marking ringid 1 interface 10.0.0.2 FAULTY\n"));
        assertTrue(text, text.contains("Sync:            done (3 rounds, 1 resyncs)\n"));
        assertTrue(text, text.contains("Engines:         cfg(1) cpg(2)\n"));
        assertTrue(text, text.contains("  retransmitted messages   3\n"));
        assertTrue(text, text.contains("  invalid digests          1\n"));
        assertTrue(text, text.contains("  tokens received          40\n"));
    }

    @Test
    public void missingPartsAreNamedNotFatal() {
        String text = StatusText.status(null, null);
        assertTrue(text, text.contains("not running"));
        assertTrue(text, text.contains("Executive:       not running"));
    }
}
