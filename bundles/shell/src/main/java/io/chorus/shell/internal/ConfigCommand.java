package io.chorus.shell.internal;

import io.chorus.config.ChorusConfig;
import io.chorus.config.EffectiveEntry;
import io.chorus.config.ValueSource;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code chorus:config [section]}: the configuration the node runs with, every key with its effective
 * value, defaults and derived values marked as such, explicit values with the file and line they came
 * from (or {@code <runtime>} for a live Config Admin edit).
 */
@Command(scope = "chorus", name = "config", description = "Print the effective Chorus configuration")
@Service
public class ConfigCommand implements Action {

    @Argument(index = 0, name = "section", required = false,
            description = "only keys under this prefix, e.g. totem, logging, nodelist.node.0")
    @Completion(KeyCompleter.class)
    String section;

    @Option(name = "-e", aliases = "--explicit", description = "only values written in the file or set at runtime")
    boolean explicitOnly;

    /** Optional: the command registers even when no configuration is in force (pitfall: delayed commands). */
    @Reference(optional = true)
    ChorusConfig config;

    @Override
    public Object execute() {
        PrintStream out = System.out;
        if (config == null) {
            out.println("No Chorus configuration is in force: corosync.conf was refused at boot or chorus-config"
                    + " is not running. See log:display | grep -i chorus, or bin/chorus check -c etc/corosync.conf.");
            return null;
        }
        out.println("# " + (config.source() == null ? "<text>" : config.source()) + " (" + config.era() + ")");
        List<EffectiveEntry> entries = config.effectiveEntries().stream()
                .filter(e -> section == null || e.key().equals(section) || e.key().startsWith(section + "."))
                .filter(e -> !explicitOnly || e.source() == ValueSource.EXPLICIT)
                .toList();
        int width = entries.stream().mapToInt(e -> e.key().length() + 3 + String.valueOf(e.value()).length())
                .max().orElse(0);
        width = Math.min(width, 60);
        for (EffectiveEntry e : entries) {
            String left = e.key() + " = " + e.value();
            StringBuilder line = new StringBuilder(left);
            for (int i = left.length(); i < width; i++) {
                line.append(' ');
            }
            line.append("  # ").append(e.source().name().toLowerCase(Locale.ROOT));
            if (e.source() == ValueSource.EXPLICIT && e.file() != null) {
                line.append(' ').append(e.file());
                if (e.line() > 0) {
                    line.append(':').append(e.line());
                }
            }
            out.println(line);
        }
        if (!config.warnings().isEmpty()) {
            out.println("# warnings:");
            config.warnings().forEach(w -> out.println("#   " + w));
        }
        return null;
    }
}
