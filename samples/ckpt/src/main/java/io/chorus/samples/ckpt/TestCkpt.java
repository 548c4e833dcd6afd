package io.chorus.samples.ckpt;

import io.chorus.api.ChorusError;
import io.chorus.api.ChorusException;
import io.chorus.api.ckpt.Ckpt;
import io.chorus.api.ckpt.CkptCallbacks;
import io.chorus.api.ckpt.CkptCheckpoint;
import io.chorus.api.ckpt.CkptClient;
import io.chorus.api.ckpt.CkptCreationAttributes;
import io.chorus.api.ckpt.CkptIoVector;
import io.chorus.api.ckpt.CkptSectionDescriptor;
import io.chorus.api.ckpt.CkptSectionId;
import io.chorus.api.ckpt.CkptStatus;
import io.chorus.api.client.DispatchFlag;
import io.chorus.api.client.EngineConnection;
import io.chorus.samples.Samples;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * testckpt (services.md §5, §10): the checkpoint API walk of the quickstart, one {@code PASSED: …} or
 * {@code FAILED expected X got Y: …} line per step, and a section that expires after about 5 seconds. Exit 0 when
 * no step failed. Calls are retried on TRY_AGAIN as the C program loops.
 */
public final class TestCkpt implements CkptCallbacks {

    static final int SECONDS_TO_EXPIRE = 5;
    private static final long SECOND = 1_000_000_000L;
    private static final long POLL_MILLIS = 100;

    private static final CkptCreationAttributes DEFAULTS = new CkptCreationAttributes(Ckpt.WR_ALL_REPLICAS, 100_000,
            5 * SECOND, 1, 200_000, 20);
    private static final CkptCreationAttributes SECTIONS = new CkptCreationAttributes(Ckpt.WR_ALL_REPLICAS, 100_000,
            5 * SECOND, 5, 200_000, 20);
    private static final int RWC = Ckpt.READ | Ckpt.WRITE | Ckpt.CREATE;

    interface Call<T> {
        T run() throws ChorusException;
    }

    private final EngineConnection connection;
    private final PrintStream out;
    private final LongSupplier clockNanos;
    private int failures;
    private CkptCheckpoint opened;

    private TestCkpt(EngineConnection connection, PrintStream out, LongSupplier clockNanos) {
        this.connection = connection;
        this.out = out;
        this.clockNanos = clockNanos;
    }

    public static void main(String[] args) throws Exception {
        EngineConnection connection;
        try {
            connection = Samples.connect("ckpt");
        } catch (ChorusException e) {
            System.out.println("FAILED expected OK got " + e.error() + ": saCkptInitialize");
            System.exit(1);
            return;
        }
        System.exit(run(connection, System.out, () -> System.currentTimeMillis() * 1_000_000L) ? 0 : 1);
    }

    @Override
    public void checkpointOpen(long invocation, CkptCheckpoint checkpoint, ChorusError error) {
        report("open callback (invocation " + invocation + ")", ChorusError.OK, error);
        opened = checkpoint;
    }

    private void report(String what, ChorusError expected, ChorusError got) {
        if (expected == got) {
            out.println("PASSED: " + what);
        } else {
            failures++;
            out.println("FAILED expected " + expected + " got " + got + ": " + what);
        }
    }

    /** Runs {@code call} (retrying TRY_AGAIN), reports whether it ended with {@code expected}; null unless OK. */
    private <T> T step(String what, ChorusError expected, Call<T> call) {
        try {
            T r = Samples.tryAgain(connection, call::run);
            report(what, expected, ChorusError.OK);
            return r;
        } catch (ChorusException e) {
            report(what, expected, e.error());
            return null;
        }
    }

    private void check(String what, boolean ok) {
        report(what, ChorusError.OK, ok ? ChorusError.OK : ChorusError.FAILED_OPERATION);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The program on an open connection to the ckpt engine (in-container in tests); true when nothing failed. */
    public static boolean run(EngineConnection connection, PrintStream out, LongSupplier clockNanos)
            throws ChorusException {
        TestCkpt t = new TestCkpt(connection, out, clockNanos);
        try (CkptClient ckpt = CkptClient.initialize(connection, t)) {
            t.walk(ckpt);
        }
        out.println(t.failures == 0 ? "testckpt: every step PASSED" : "testckpt: " + t.failures + " FAILED");
        return t.failures == 0;
    }

    private void walk(CkptClient ckpt) throws ChorusException {
        CkptSectionId def = CkptSectionId.DEFAULT;
        step("checkpointOpenAsync defaults", ChorusError.OK, () -> {
            ckpt.checkpointOpenAsync(1, "defaults", DEFAULTS, RWC);
            return null;
        });
        ckpt.dispatch(DispatchFlag.ONE);
        CkptCheckpoint d = opened;
        if (d == null) {
            return;
        }
        step("checkpointClose defaults", ChorusError.OK, () -> {
            d.close();
            return null;
        });
        CkptCheckpoint c = step("checkpointOpen defaults", ChorusError.OK,
                () -> ckpt.checkpointOpen("defaults", DEFAULTS, RWC, SECOND));
        if (c == null) {
            return;
        }
        step("checkpointRead default section", ChorusError.OK, () -> c.read(List.of(CkptIoVector.read(def, 0, 100))));
        step("checkpointWrite default section", ChorusError.OK, () -> {
            c.write(List.of(CkptIoVector.write(def, bytes("Hello world"), 0)));
            return null;
        });
        List<byte[]> back = step("checkpointRead default section again", ChorusError.OK,
                () -> c.read(List.of(CkptIoVector.read(def, 0, 100))));
        check("read back what was written", back != null && Arrays.equals(back.get(0), bytes("Hello world")));

        CkptCheckpoint s = step("checkpointOpen sections", ChorusError.OK,
                () -> ckpt.checkpointOpen("sections", SECTIONS, RWC, SECOND));
        if (s == null) {
            return;
        }
        CkptSectionId one = CkptSectionId.of("section ID #1");
        CkptSectionId two = CkptSectionId.of("section ID #2");
        step("sectionCreate section 1", ChorusError.OK, () -> {
            s.sectionCreate(one, Ckpt.TIME_END, bytes("initial data"));
            return null;
        });
        step("sectionExpirationTimeSet section 1 now + " + SECONDS_TO_EXPIRE + " s", ChorusError.OK, () -> {
            s.sectionExpirationTimeSet(one, clockNanos.getAsLong() + SECONDS_TO_EXPIRE * SECOND);
            return null;
        });
        awaitExpiry(s, one);

        step("checkpointRetentionDurationSet 5 s", ChorusError.OK, () -> {
            s.retentionDurationSet(5 * SECOND);
            return null;
        });
        step("sectionCreate section 2", ChorusError.OK, () -> {
            s.sectionCreate(two, Ckpt.TIME_END, bytes("two"));
            return null;
        });
        step("checkpointUnlink sections", ChorusError.OK, () -> {
            ckpt.checkpointUnlink("sections");
            return null;
        });
        CkptCheckpoint again = step("checkpointOpen the unlinked name with CREATE", ChorusError.OK,
                () -> ckpt.checkpointOpen("sections", SECTIONS, RWC, SECOND));
        step("checkpointClose", ChorusError.OK, () -> {
            again.close();
            return null;
        });
        CkptCheckpoint ro = step("checkpointOpen sections read-only", ChorusError.OK,
                () -> ckpt.checkpointOpen("sections", SECTIONS, Ckpt.READ | Ckpt.CREATE, SECOND));
        CkptCheckpoint rw = step("checkpointOpen sections again", ChorusError.OK,
                () -> ckpt.checkpointOpen("sections", SECTIONS, RWC, SECOND));
        if (ro == null || rw == null) {
            return;
        }
        status(rw);

        step("sectionCreate on a read-only handle", ChorusError.ACCESS, () -> {
            ro.sectionCreate(one, Ckpt.TIME_END, bytes("x"));
            return null;
        });
        step("sectionCreate section 1", ChorusError.OK, () -> {
            rw.sectionCreate(one, Ckpt.TIME_END, bytes("Initial Data #1"));
            return null;
        });
        step("sectionCreate section 1 again", ChorusError.EXIST, () -> {
            rw.sectionCreate(one, Ckpt.TIME_END, bytes("x"));
            return null;
        });
        step("sectionDelete section 1", ChorusError.OK, () -> {
            rw.sectionDelete(one);
            return null;
        });
        step("sectionCreate section 1 re-created", ChorusError.OK, () -> {
            rw.sectionCreate(one, Ckpt.TIME_END, bytes("Initial Data #1"));
            return null;
        });
        step("sectionCreate section 2", ChorusError.OK, () -> {
            rw.sectionCreate(two, Ckpt.TIME_END, bytes("Initial Data #2"));
            return null;
        });
        step("sectionCreate section 2 again", ChorusError.EXIST, () -> {
            rw.sectionCreate(two, Ckpt.TIME_END, bytes("x"));
            return null;
        });
        step("sectionExpirationTimeSet section 2 (never)", ChorusError.OK, () -> {
            rw.sectionExpirationTimeSet(two, Ckpt.TIME_END);
            return null;
        });
        step("sectionOverwrite section 1", ChorusError.OK, () -> {
            rw.sectionOverwrite(one, bytes("Overwrite Data #1"));
            return null;
        });
        List<byte[]> two2 = step("checkpointRead two buffers", ChorusError.OK, () -> rw.read(List.of(
                CkptIoVector.read(one, 0, 100), CkptIoVector.read(two, 0, 100))));
        check("read section 1 overwritten", two2 != null && Arrays.equals(two2.get(0), bytes("Overwrite Data #1")));
        for (int i = 0; i < 10; i++) {
            int n = i;
            step("checkpointWrite " + n, ChorusError.OK, () -> {
                rw.write(List.of(CkptIoVector.write(one, bytes("write " + n), 0),
                        CkptIoVector.write(two, bytes("write " + n), 100)));
                return null;
            });
        }
        status(rw);
        CkptCheckpoint.Iterator it = step("sectionIterationInitialize", ChorusError.OK,
                () -> rw.sectionIterationInitialize(Ckpt.SECTIONS_ANY, 0));
        if (it == null) {
            return;
        }
        for (int i = 0; i < 5; i++) {
            try {
                CkptSectionDescriptor desc = it.next();
                out.println("Section '" + desc.sectionId() + "' size " + desc.sectionSize());
            } catch (ChorusException e) {
                if (e.error() == ChorusError.NO_SECTIONS) {
                    out.println("No more sections to iterate");
                } else {
                    report("sectionIterationNext", ChorusError.NO_SECTIONS, e.error());
                }
            }
        }
        step("sectionIterationFinalize", ChorusError.OK, () -> {
            it.close();
            return null;
        });
    }

    private void status(CkptCheckpoint c) {
        CkptStatus st = step("checkpointStatusGet", ChorusError.OK, c::statusGet);
        if (st != null) {
            out.println("Memory used " + st.memoryUsed() + " in " + st.numberOfSections() + " sections.");
        }
    }

    /** Reads until the section is gone, as testckpt does; the elapsed time is counted in poll intervals. */
    private void awaitExpiry(CkptCheckpoint s, CkptSectionId id) throws ChorusException {
        long waited = 0;
        while (waited < (SECONDS_TO_EXPIRE + 5) * 1000L) {
            try {
                Samples.tryAgain(connection, () -> s.read(List.of(CkptIoVector.read(id, 0, 10))));
            } catch (ChorusException e) {
                report("section 1 expired", ChorusError.NOT_EXIST, e.error());
                out.printf("Elapsed Time to expiry is %.1f seconds (should be about %d seconds)%n", waited / 1000.0,
                        SECONDS_TO_EXPIRE);
                check("expiry after about " + SECONDS_TO_EXPIRE + " s",
                        Math.abs(waited - SECONDS_TO_EXPIRE * 1000L) <= 1000);
                return;
            }
            connection.pause(POLL_MILLIS);
            waited += POLL_MILLIS;
        }
        report("section 1 expired", ChorusError.NOT_EXIST, ChorusError.TIMEOUT);
    }
}
