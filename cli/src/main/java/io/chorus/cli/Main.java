package io.chorus.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * {@code chorus <subcommand> [options]}. Subcommands are found with {@link ServiceLoader}
 * ({@link Subcommand}). {@code chorus}, {@code chorus --help} and an unknown subcommand print the usage and
 * exit 1 ({@link ExitCodes#USAGE}); a subcommand's own exit codes are its business (check: 0 or 8).
 */
public final class Main {

    private Main() { }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs in-process with the real environment and system properties; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, new CliContext(out, err, System.getenv(), System.getProperties()));
    }

    /** Runs with an explicit environment (tests). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Properties props) {
        return run(args, new CliContext(out, err, env, props));
    }

    static int run(String[] args, CliContext ctx) {
        List<Subcommand> commands = subcommands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            ctx.out().print(usage(commands));
            return ExitCodes.USAGE;
        }
        Optional<Subcommand> cmd = commands.stream().filter(c -> c.name().equals(args[0])).findFirst();
        if (cmd.isEmpty()) {
            ctx.err().println("chorus: unknown subcommand '" + args[0] + "'");
            ctx.err().print(usage(commands));
            return ExitCodes.USAGE;
        }
        return cmd.get().run(new ArrayList<>(Arrays.asList(args).subList(1, args.length)), ctx);
    }

    static List<Subcommand> subcommands() {
        List<Subcommand> list = new ArrayList<>();
        ServiceLoader.load(Subcommand.class, Main.class.getClassLoader()).forEach(list::add);
        list.sort(Comparator.comparing(Subcommand::name));
        return list;
    }

    static String usage(List<Subcommand> commands) {
        StringBuilder sb = new StringBuilder("usage: chorus <subcommand> [options]\n\nsubcommands:\n");
        for (Subcommand c : commands) {
            sb.append(String.format("  %-12s %s%n", c.name(), c.summary()));
        }
        sb.append("\nRun 'chorus <subcommand> -h' for its options.\n");
        return sb.toString();
    }
}
