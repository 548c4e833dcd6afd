package io.chorus.config;

import io.chorus.config.internal.ConfigNode;
import io.chorus.config.internal.ConfigParser;
import io.chorus.config.internal.ModelBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads corosync.conf: the main file, then every file of {@code service.d/} and {@code uidgid.d/} next to it
 * (sorted by name; each may hold only {@code service { }} resp. {@code uidgid { }} stanzas).
 */
public final class ConfigLoader {

    /** Environment variable naming the main file, as Corosync 1.x reads it. */
    public static final String ENV_MAIN_CONFIG_FILE = "COROSYNC_MAIN_CONFIG_FILE";
    /** System property naming the main file. */
    public static final String PROP_MAIN_CONFIG_FILE = "chorus.config";
    /** System property (or env CHORUS_HOME) of the installation directory. */
    public static final String PROP_HOME = "chorus.home";

    private ConfigLoader() { }

    /** Loads and validates; throws with every problem when there is any error. */
    public static ChorusConfig load(Path file) throws ConfigException {
        CheckReport r = check(file);
        if (!r.valid()) {
            throw new ConfigException(r.problems());
        }
        return r.config();
    }

    /** Loads and validates, returning errors and warnings instead of throwing. */
    public static CheckReport check(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode root = new ConfigNode("", file.toString(), 0);
        String text = read(file, problems);
        if (text == null) {
            return new CheckReport(file, problems, null);
        }
        ConfigParser parser = new ConfigParser(':', false);
        parser.parse(text, file.toString(), root, problems);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            include(dir.resolve("service.d"), "service", parser, root, problems);
            include(dir.resolve("uidgid.d"), "uidgid", parser, root, problems);
        }
        return finish(file, root, problems);
    }

    /** Checks text as if it were the file {@code name} (no include folders); for tests and editors. */
    public static CheckReport checkText(String text, String name) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode root = new ConfigNode("", name, 0);
        new ConfigParser(':', false).parse(text, name, root, problems);
        return finish(null, root, problems);
    }

    private static CheckReport finish(Path file, ConfigNode root, List<ConfigProblem> problems) {
        boolean syntaxErrors = problems.stream().anyMatch(ConfigProblem::isError);
        if (syntaxErrors) {
            // Structure is broken: the model would only add noise on top of the real error.
            return new CheckReport(file, problems, null);
        }
        ChorusConfig config = ModelBuilder.build(root, file, problems);
        return new CheckReport(file, problems, config);
    }

    private static void include(Path dir, String section, ConfigParser parser, ConfigNode root,
                                List<ConfigProblem> problems) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith("~"))
                    .sorted().toList();
        } catch (IOException e) {
            problems.add(ConfigProblem.error(dir.toString(), 0, "Can't read file reason = (" + reason(e) + ")"));
            return;
        }
        for (Path f : files) {
            String text = read(f, problems);
            if (text == null) {
                continue;
            }
            ConfigNode inc = new ConfigNode("", f.toString(), 0);
            parser.parse(text, f.toString(), inc, problems);
            for (Object item : inc.items()) {
                if (item instanceof ConfigNode n && n.name().equals(section)) {
                    root.add(n);
                } else if (item instanceof ConfigNode n) {
                    problems.add(ConfigProblem.warning(n.file(), n.line(), "only " + section
                            + " { } sections are read from " + dir.getFileName() + "/; '" + n.name() + "' ignored"));
                } else if (item instanceof ConfigNode.KeyValue kv) {
                    problems.add(ConfigProblem.warning(kv.file(), kv.line(), "only " + section
                            + " { } sections are read from " + dir.getFileName() + "/; key '" + kv.key() + "' ignored"));
                }
            }
        }
    }

    /** Reads a file as UTF-8 text, or records {@code Can't read file reason = (...)}. */
    public static String read(Path file, List<ConfigProblem> problems) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(ConfigProblem.error(file.toString(), 0, "Can't read file reason = (" + reason(e) + ")"));
            return null;
        }
    }

    /** strerror-style reasons, as the C executive printed them. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e.getMessage() != null && e.getMessage().contains("Is a directory")) {
            return "Is a directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The main file when none is given: env {@code COROSYNC_MAIN_CONFIG_FILE}, else system property
     * {@code chorus.config}, else {@code etc/corosync.conf} under {@link #home}.
     */
    public static Path defaultConfigPath(Map<String, String> env, Properties props) {
        String p = env.get(ENV_MAIN_CONFIG_FILE);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        p = props.getProperty(PROP_MAIN_CONFIG_FILE);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return home(env, props).resolve("etc").resolve("corosync.conf");
    }

    /** CHORUS_HOME: system property {@code chorus.home}, else env {@code CHORUS_HOME}, else {@code karaf.home}, else ".". */
    public static Path home(Map<String, String> env, Properties props) {
        String h = props.getProperty(PROP_HOME);
        if (h == null || h.isBlank()) {
            h = env.get("CHORUS_HOME");
        }
        if (h == null || h.isBlank()) {
            h = props.getProperty("karaf.home");
        }
        return Path.of(h == null || h.isBlank() ? "." : h);
    }
}
