package io.chorus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code chorus run PROGRAM [ARGS]}: runs a quickstart program (testevs, evsbench, testclm, testcpg, cpgbench)
 * in this JVM. Programs are found, not hard-wired: every jar in lib/chorus may list {@code name = main class}
 * in {@code META-INF/chorus-programs.properties}, so the CLI does not depend on the samples.
 */
public final class RunCommand implements Subcommand {

    static final String REGISTRY = "META-INF/chorus-programs.properties";

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run a quickstart program (testclm, testevs, evsbench, testcpg, cpgbench)";
    }

    @Override
    public String usage() {
        return "usage: chorus run PROGRAM [ARGS...]\n"
                + "  runs PROGRAM as an out-of-process client of the local node; the socket is\n"
                + "  -Dchorus.ipc.socket (CHORUS_JAVA_OPTS), else $CHORUS_IPC_SOCKET, else\n"
                + "  $CHORUS_HOME/data/run/chorus.sock\n";
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        Map<String, String> programs;
        try {
            programs = programs(Thread.currentThread().getContextClassLoader());
        } catch (IOException e) {
            ctx.err().println("chorus run: cannot read the program list: " + e.getMessage());
            return 1;
        }
        if (args.isEmpty() || args.get(0).equals("-h") || args.get(0).equals("--help")) {
            ctx.out().print(usage());
            ctx.out().println("programs: " + String.join(", ", programs.keySet()));
            return ExitCodes.USAGE;
        }
        String mainClass = programs.get(args.get(0));
        if (mainClass == null) {
            ctx.err().println("chorus run: no program '" + args.get(0) + "' (known: "
                    + String.join(", ", programs.keySet()) + ")");
            return ExitCodes.USAGE;
        }
        try {
            Method main = Class.forName(mainClass, true, Thread.currentThread().getContextClassLoader())
                    .getMethod("main", String[].class);
            main.invoke(null, (Object) args.subList(1, args.size()).toArray(new String[0]));
            return ExitCodes.OK;
        } catch (InvocationTargetException e) {
            ctx.err().println(args.get(0) + ": " + e.getCause());
            return 1;
        } catch (ReflectiveOperationException | LinkageError e) {
            ctx.err().println("chorus run: cannot start " + mainClass + ": " + e);
            return 1;
        }
    }

    /** Every registry on the class path, merged (program name → main class), sorted by name. */
    static Map<String, String> programs(ClassLoader loader) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Enumeration<URL> lists = loader.getResources(REGISTRY);
        while (lists.hasMoreElements()) {
            Properties p = new Properties();
            try (InputStream in = lists.nextElement().openStream()) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(name -> out.put(name, p.getProperty(name).trim()));
        }
        return out;
    }
}
