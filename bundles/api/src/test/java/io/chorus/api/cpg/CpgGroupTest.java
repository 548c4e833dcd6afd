package io.chorus.api.cpg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** A decoder may reuse the group of the previous message, but only when the bytes on the wire spell it. */
public class CpgGroupTest {

    private static ByteBuffer encoded(String... names) {
        ByteBuffer b = ByteBuffer.allocate(256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (String n : names) {
            CpgProtocol.putName(b, CpgGroup.named(n));
        }
        return b.flip();
    }

    @Test
    public void aGroupKnowsWhereItIsSpelled() {
        CpgGroup g = CpgGroup.named("cpg_bm");
        ByteBuffer b = ByteBuffer.wrap("xxcpg_bmyy".getBytes(StandardCharsets.US_ASCII));
        assertTrue(g.isSpelledAt(b, 2, 6));
        assertFalse("another length", g.isSpelledAt(b, 2, 5));
        assertFalse("another byte", g.isSpelledAt(b, 1, 6));
        assertFalse("past the end", g.isSpelledAt(b, 6, 6));
        assertFalse("before the start", g.isSpelledAt(b, -1, 6));
    }

    @Test
    public void theSameNameAsLastTimeGivesTheSameGroupAndMovesOnAsAFullDecodeDoes() {
        CpgGroup last = CpgGroup.named("alpha");
        ByteBuffer reused = encoded("alpha", "beta");
        ByteBuffer fresh = encoded("alpha", "beta");
        assertSame(last, CpgProtocol.getName(reused, last));
        assertEquals(CpgProtocol.getName(fresh).length(), last.length());
        assertEquals("both decoders stop at the same place", fresh.position(), reused.position());

        CpgGroup next = CpgProtocol.getName(reused, last);
        assertNotSame(last, next);
        assertEquals(CpgGroup.named("beta"), next);
        assertEquals(CpgGroup.named("beta").hashCode(), next.hashCode());
    }

    @Test
    public void aLongerNameThatStartsTheSameIsNotTakenForTheLastOne() {
        CpgGroup last = CpgGroup.named("alpha");
        assertEquals(CpgGroup.named("alphabet"), CpgProtocol.getName(encoded("alphabet"), last));
    }
}
