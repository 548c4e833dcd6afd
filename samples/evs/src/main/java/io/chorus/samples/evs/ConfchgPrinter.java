package io.chorus.samples.evs;

import java.io.PrintStream;

/** How testevs and evsbench print a configuration change (node ids in hex, as the C programs do). */
final class ConfchgPrinter {

    private ConfchgPrinter() {
    }

    static void print(PrintStream out, int[] members, int[] left, int[] joined) {
        out.println("CONFIGURATION CHANGE");
        out.println("--------------------");
        out.println("New configuration:");
        list(out, members);
        out.println("Members Left:");
        list(out, left);
        out.println("Members Joined:");
        list(out, joined);
    }

    private static void list(PrintStream out, int[] ids) {
        for (int id : ids) {
            out.println("    " + Integer.toHexString(id));
        }
    }
}
