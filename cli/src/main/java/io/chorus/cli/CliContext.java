package io.chorus.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;

/** What a subcommand may use from its environment; tests pass their own streams, env and properties. */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Properties properties) { }
