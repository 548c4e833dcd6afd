package io.chorus.totem.internal;

/**
 * Sequence-number order with Corosync's rollover rule (sq.h): when either number is past 2^31 both are
 * shifted down by 0x10000 before an unsigned compare, so a ring can run through 2^32 messages.
 */
final class Seq {

    private static final int ROLLOVER_POINT = 0x80000000;
    private static final int ROLLOVER_ADJUST = 0x10000;

    private Seq() {
    }

    static boolean lt(int a, int b) {
        if (Integer.compareUnsigned(a, ROLLOVER_POINT) > 0 || Integer.compareUnsigned(b, ROLLOVER_POINT) > 0) {
            return Integer.compareUnsigned(a - ROLLOVER_ADJUST, b - ROLLOVER_ADJUST) < 0;
        }
        return Integer.compareUnsigned(a, b) < 0;
    }

    static boolean lte(int a, int b) {
        if (Integer.compareUnsigned(a, ROLLOVER_POINT) > 0 || Integer.compareUnsigned(b, ROLLOVER_POINT) > 0) {
            return Integer.compareUnsigned(a - ROLLOVER_ADJUST, b - ROLLOVER_ADJUST) <= 0;
        }
        return Integer.compareUnsigned(a, b) <= 0;
    }

    /** {@code b - a} as an unsigned distance, for loops that walk from one sequence number to another. */
    static long distance(int from, int to) {
        return Integer.toUnsignedLong(to - from);
    }
}
