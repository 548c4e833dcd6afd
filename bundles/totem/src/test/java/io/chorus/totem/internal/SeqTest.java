package io.chorus.totem.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Sequence-number order with Corosync's rollover rule (sq.h). */
public class SeqTest {

    @Test
    public void smallNumbersCompareAsUnsigned() {
        assertTrue(Seq.lt(1, 2));
        assertFalse(Seq.lt(2, 2));
        assertTrue(Seq.lte(2, 2));
        assertFalse(Seq.lt(3, 2));
    }

    @Test
    public void theInitialAruOfMinusOneIsBeforeZero() {
        // The first token of a ring carries aru = 0xFFFFFFFF: "nothing received yet".
        assertTrue(Seq.lt(0xFFFFFFFF, 0));
        assertTrue(Seq.lte(0xFFFFFFFF, 0));
        assertFalse(Seq.lt(0, 0xFFFFFFFF));
    }

    @Test
    public void numbersAcrossTheWrapCompareInRingOrder() {
        assertTrue(Seq.lt(0xFFFFFFF0, 0x00000005));
        assertFalse(Seq.lt(0x00000005, 0xFFFFFFF0));
        assertTrue(Seq.lt(0x80000001, 0x80000002));
    }

    @Test
    public void aReTransmittedTokenIsNotNewerThanTheOneSeen() {
        // token_seq <= my_token_seq drops the copy; after recovery my_token_seq is reset to -1.
        assertTrue(Seq.lte(7, 7));
        assertFalse(Seq.lte(0, 0xFFFFFFFF));
    }
}
