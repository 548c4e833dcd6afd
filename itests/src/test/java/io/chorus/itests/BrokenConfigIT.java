package io.chorus.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import io.chorus.config.ChorusConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A node never half-starts: with a corosync.conf that has errors, the bridge logs file, line and reason
 * and publishes nothing (no ChorusConfig service, no io.chorus.* configuration), and chorus:config says so.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokenConfigIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        File broken = new File(ChorusKaraf.required("project.build.directory"), "broken-corosync.conf");
        try {
            Files.writeString(broken.toPath(), "totem {\n\tversion: 2\n\ttoken: 10\n}\nnodelist {\n\tnode {\n"
                    + "\t\tring0_addr: 127.0.0.1\n\t\tnodeid: 1\n\t}\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Option[] base = ChorusKaraf.options();
        Option[] all = Arrays.copyOf(base, base.length + 1);
        all[base.length] = replaceConfigurationFile("etc/corosync.conf", broken);
        return CoreOptions.options(all);
    }

    @Test
    public void brokenFileStartsNothingAndSaysWhy() throws Exception {
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        long end = System.currentTimeMillis() + 60_000;
        String text = "";
        while (!text.contains("Chorus does not start")) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no 'Chorus does not start' in " + log + " within 60 s");
            }
            Thread.sleep(200);
            text = Files.exists(log) ? Files.readString(log) : "";
        }
        // file, line and reason of the error
        assertTrue(text, text.contains("etc/corosync.conf:3:"));
        // activation is over: nothing was published
        assertNull("no ChorusConfig service", context.getServiceReference(ChorusConfig.class));
        assertNull("no io.chorus.totem configuration",
                configAdmin.listConfigurations("(service.pid=io.chorus.totem)"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute("chorus:config");
        } finally {
            session.close();
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertNotNull(printed);
        assertTrue(printed, printed.contains("No Chorus configuration is in force"));
        assertEquals(-1, printed.indexOf("totem.token ="));
    }
}
