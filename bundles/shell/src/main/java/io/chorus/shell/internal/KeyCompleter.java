package io.chorus.shell.internal;

import io.chorus.config.ChorusConfig;
import io.chorus.config.EffectiveEntry;

import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes section prefixes and keys of the effective configuration: totem, totem.interface.0, totem.token. */
@Service
public class KeyCompleter implements Completer {

    @Reference(optional = true)
    ChorusConfig config;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> words = new TreeSet<>();
        if (config != null) {
            for (EffectiveEntry e : config.effectiveEntries()) {
                String key = e.key();
                for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
                    words.add(key.substring(0, dot));
                }
                words.add(key);
            }
        }
        return new StringsCompleter(words).complete(session, commandLine, candidates);
    }
}
