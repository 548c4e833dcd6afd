package io.chorus.cli;

import java.util.List;

/**
 * One {@code chorus <name>} subcommand. To add one, write a class implementing this and list it in
 * {@code META-INF/services/io.chorus.cli.Subcommand} (of this or any jar in lib/chorus): {@link Main}
 * finds it through {@link java.util.ServiceLoader}.
 */
public interface Subcommand {

    /** The word after {@code chorus}. */
    String name();

    /** One line for the usage text. */
    String summary();

    /** Usage of this subcommand, printed for {@code -h} and on bad options. */
    String usage();

    /** Runs it; returns the process exit code. */
    int run(List<String> args, CliContext ctx);
}
