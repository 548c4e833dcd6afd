package io.chorus.config;

import org.junit.Test;

import static io.chorus.config.TestFiles.assertError;
import static io.chorus.config.TestFiles.check;
import static io.chorus.config.TestFiles.valid;
import static io.chorus.config.TestFiles.whitetank;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

/** The line grammar (services.md 2.2) and the historic parser bugs that must not come back. */
public class ConfigParserTest {

    @Test
    public void crlfLineEndingsAreAccepted() {
        String text = whitetank(" secauth: off\n token: 2000\n", "logging {\n to_stderr: on\n}\n")
                .replace("\n", "\r\n");
        ChorusConfig c = valid(text);
        assertEquals(2000, c.totem().token());
        assertFalse(c.totem().secauth());
        assertEquals("192.168.1.0", c.totem().interfaces().get(0).bindNetAddr().getHostAddress());
        assertEquals(true, c.logging().toStderr());
    }

    @Test
    public void whitespaceOnlyAndBlankLinesAreIgnored() {
        String text = "\n   \n\t\ntotem {\n \t \n version: 2\n\u00a0\n secauth: off\n"
                + " interface {\n  \n  bindnetaddr: 10.0.0.0\n  mcastaddr: 239.1.1.1\n  mcastport: 5405\n }\n}\n  \n";
        assertEquals(5405, valid(text).totem().interfaces().get(0).mcastPort());
    }

    @Test
    public void commentsAnywhere() {
        String text = "# top\ntotem {\n# in totem\n  # indented\n version: 2\n interface {\n# in interface\n"
                + "  bindnetaddr: 10.0.0.0\n  mcastaddr: 239.1.1.1\n  mcastport: 5405\n  # before close\n }\n}\n# end";
        assertEquals(5405, valid(text).totem().interfaces().get(0).mcastPort());
    }

    @Test
    public void keysMatchExactlyNotByPrefix() {
        ChorusConfig c = valid(whitetank(" token_retransmit: 50\n token_retransmits_before_loss_const: 9\n", ""));
        assertEquals("token stays at its default", 1000, c.totem().token());
        assertEquals(50, c.totem().tokenRetransmit());
        assertEquals(9, c.totem().tokenRetransmitsBeforeLossConst());
        assertEquals(ValueSource.DEFAULT, c.totem().values().source("token"));
    }

    @Test
    public void lastLineWithoutNewlineKeepsItsLastCharacter() {
        ChorusConfig c = valid(whitetank("", "aisexec {\n user: hacluster\n}"));
        assertEquals("hacluster", c.aisexec().user());
        ChorusConfig d = valid("compatibility: none\n" + whitetank("", "compatibility: whitetank"));
        assertEquals("whitetank", d.compatibility().orElseThrow());
    }

    @Test
    public void longLinesAreNotSplit() {
        String longPath = "/var/log/" + "x".repeat(600) + ".log";
        ChorusConfig c = valid(whitetank("", "logging {\n to_logfile: yes\n logfile: " + longPath + "\n}\n"));
        assertEquals(longPath, c.logging().logfile());
    }

    @Test
    public void tooLongLineIsAnError() {
        CheckReport r = check("totem {\n keyfile: /" + "k".repeat(5000) + "\n}\n");
        assertError(r, 2, "Line too long");
    }

    @Test
    public void valueSplitAtFirstColonKeepsIpv6() {
        ChorusConfig c = valid("totem {\n version: 2\n nodeid: 5\n interface {\n  bindnetaddr: fd00:1::\n"
                + "  mcastaddr: ff15::1:2\n  mcastport: 5405\n }\n}\n");
        assertEquals("ff15:0:0:0:0:0:1:2", c.totem().interfaces().get(0).mcastAddr().getHostAddress());
    }

    @Test
    public void structuralErrorsHaveCs3ReasonsAndLines() {
        assertError(check("totem {\n version: 2\n{\n}\n"), 3, "Missing section name before opening bracket '{'");
        assertError(check("totem { version: 2\n}\n"), 1, "Extra characters after opening bracket '{'");
        assertError(check("totem {\n : 2\n}\n"), 2, "Key name can't be empty");
        assertError(check("totem {\n version: 2\n } x\n"), 3, "Extra characters before or after closing bracket '}'");
        assertError(check("totem {\n}\n}\n"), 3, "Unexpected closing brace");
        assertError(check("totem {\n version 2\n}\n"), 2, "Line is not opening or closing section or key value");
        assertError(check("totem {\n version: 2\n"), 1, "Missing closing brace");
    }

    @Test
    public void unreadableFile() {
        CheckReport r = ConfigLoader.check(java.nio.file.Path.of("/nonexistent/chorus/corosync.conf"));
        assertEquals(1, r.errors().size());
        assertEquals("/nonexistent/chorus/corosync.conf: Can't read file reason = (No such file or directory)",
                r.errors().get(0).toString());
        assertNull(r.config());
    }
}
