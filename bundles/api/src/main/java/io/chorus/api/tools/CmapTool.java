package io.chorus.api.tools;

import io.chorus.api.ChorusException;
import io.chorus.api.cmap.CmapClient;
import io.chorus.api.cmap.CmapProtocol;
import io.chorus.api.cmap.CmapType;
import io.chorus.api.cmap.CmapValue;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code cmapctl [-g KEY] [-s KEY TYPE VALUE] [-d KEY] [PREFIX]}, shaped like corosync-cmapctl ({@code key (u32) = 5}
 * lines). The same text for {@code bin/chorus cmapctl} (over IPC) and {@code chorus:cmapctl} (in the console).
 */
public final class CmapTool {

    public static final String USAGE = "usage: cmapctl [-g KEY] [-s KEY TYPE VALUE] [-d KEY] [PREFIX]\n"
            + "  -g KEY              get one key\n"
            + "  -s KEY TYPE VALUE   set a key; TYPE is i8 u8 i16 u16 i32 u32 i64 u64 flt dbl str bin\n"
            + "  -d KEY              delete a key\n"
            + "  PREFIX              list the keys starting with PREFIX (all without it)\n";

    private CmapTool() {
    }

    /** Runs {@code corosync-cmapctl}-style arguments against the node {@code engines} connects to. */
    public static int run(List<String> args, String usage, EngineConnector engines, PrintStream out,
            PrintStream err) {
        try (CmapClient cmap = CmapClient.open(engines.open(CmapProtocol.ENGINE))) {
            if (args.isEmpty()) {
                return list(cmap, "", out);
            }
            switch (args.get(0)) {
                case "-g" -> {
                    if (args.size() != 2) {
                        break;
                    }
                    return get(cmap, args.get(1), out, err);
                }
                case "-d" -> {
                    if (args.size() != 2) {
                        break;
                    }
                    try {
                        cmap.delete(args.get(1));
                        return 0;
                    } catch (ChorusException e) {
                        err.println("Can't delete key " + args.get(1) + ". Error " + EngineConnector.csError(e));
                        return 1;
                    }
                }
                case "-s" -> {
                    if (args.size() != 4) {
                        break;
                    }
                    CmapValue v;
                    try {
                        v = CmapValue.parse(CmapType.ofShortName(args.get(2)), args.get(3));
                    } catch (IllegalArgumentException e) {
                        err.println("Can't set key " + args.get(1) + ": " + e.getMessage());
                        return 1;
                    }
                    try {
                        cmap.set(args.get(1), v);
                        return 0;
                    } catch (ChorusException e) {
                        err.println("Can't set key " + args.get(1) + ". Error " + EngineConnector.csError(e));
                        return 1;
                    }
                }
                default -> {
                    if (args.size() == 1 && !args.get(0).startsWith("-")) {
                        return list(cmap, args.get(0), out);
                    }
                }
            }
            err.print(usage);
            return 1;
        } catch (ChorusException e) {
            err.println("Failed to initialize the cmap API. Error " + EngineConnector.csError(e));
            return 1;
        }
    }

    private static int get(CmapClient cmap, String key, PrintStream out, PrintStream err) {
        try {
            out.println(key + " " + cmap.get(key));
            return 0;
        } catch (ChorusException e) {
            err.println("Can't get key " + key + ". Error " + EngineConnector.csError(e));
            return 1;
        }
    }

    private static int list(CmapClient cmap, String prefix, PrintStream out) throws ChorusException {
        for (Map.Entry<String, CmapValue> e : cmap.iterate(prefix).entrySet()) {
            out.println(e.getKey() + " " + e.getValue());
        }
        return 0;
    }
}
