package io.chorus.config;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Helpers shared by the tests. */
final class TestFiles {
    private TestFiles() { }

    static Path resource(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing test resource " + name, e);
        }
    }

    static ChorusConfig load(String resource) {
        try {
            return ConfigLoader.load(resource(resource));
        } catch (ConfigException e) {
            fail("expected " + resource + " to be valid, got:\n" + e.getMessage());
            return null;
        }
    }

    static ChorusConfig valid(String text) {
        CheckReport r = ConfigLoader.checkText(text, "test.conf");
        assertTrue("expected valid, got " + r.problems(), r.valid());
        return r.config();
    }

    static CheckReport check(String text) {
        return ConfigLoader.checkText(text, "test.conf");
    }

    /** Errors as FILE:LINE: reason lines. */
    static String errors(CheckReport r) {
        return r.errors().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }

    /** Asserts exactly one error with this line and reason among the errors. */
    static void assertError(CheckReport r, int line, String reason) {
        boolean found = r.errors().stream().anyMatch(p -> p.line() == line && p.reason().equals(reason));
        assertTrue("expected error at line " + line + ": '" + reason + "', got:\n" + errors(r), found);
    }

    static void assertWarning(CheckReport r, int line, String reasonPart) {
        boolean found = r.warnings().stream().anyMatch(p -> p.line() == line && p.reason().contains(reasonPart));
        assertTrue("expected warning at line " + line + " containing '" + reasonPart + "', got:\n" + r.problems(), found);
    }

    /** A minimal valid whitetank totem section followed by {@code extra}. */
    static String whitetank(String totemExtra, String extra) {
        return "totem {\n version: 2\n" + totemExtra
                + " interface {\n  ringnumber: 0\n  bindnetaddr: 192.168.1.0\n  mcastaddr: 226.94.1.1\n  mcastport: 5405\n }\n}\n"
                + extra;
    }
}
