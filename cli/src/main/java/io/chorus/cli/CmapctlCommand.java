package io.chorus.cli;

import io.chorus.api.ChorusException;
import io.chorus.api.cmap.CmapClient;
import io.chorus.api.cmap.CmapProtocol;
import io.chorus.api.cmap.CmapType;
import io.chorus.api.cmap.CmapValue;
import java.util.List;
import java.util.Map;

/**
 * {@code chorus cmapctl [-g KEY] [-s KEY TYPE VALUE] [-d KEY] [PREFIX]}, shaped like corosync-cmapctl: every key
 * (or those under PREFIX) as {@code key (type) = value}. Exit codes: 0 done, 1 usage, missing key or no node.
 */
public final class CmapctlCommand implements Subcommand {

    @Override
    public String name() {
        return "cmapctl";
    }

    @Override
    public String summary() {
        return "show and change the configuration and statistics database (like corosync-cmapctl)";
    }

    @Override
    public String usage() {
        return "usage: chorus cmapctl [--node I] [-g KEY] [-s KEY TYPE VALUE] [-d KEY] [PREFIX]\n"
                + "  -g KEY              get one key\n"
                + "  -s KEY TYPE VALUE   set a key; TYPE is i8 u8 i16 u16 i32 u32 i64 u64 flt dbl str bin\n"
                + "  -d KEY              delete a key\n"
                + "  PREFIX              list the keys starting with PREFIX (all without it)\n";
    }

    @Override
    public int run(List<String> given, CliContext ctx) {
        List<String> args = new java.util.ArrayList<>(given);
        String node = IpcTarget.takeNode(args);
        try (CmapClient cmap = CmapClient.open(IpcTarget.connect(ctx, node, CmapProtocol.ENGINE))) {
            if (args.isEmpty()) {
                return list(cmap, "", ctx);
            }
            switch (args.get(0)) {
                case "-g" -> {
                    if (args.size() != 2) {
                        break;
                    }
                    return get(cmap, args.get(1), ctx);
                }
                case "-d" -> {
                    if (args.size() != 2) {
                        break;
                    }
                    try {
                        cmap.delete(args.get(1));
                        return 0;
                    } catch (ChorusException e) {
                        ctx.err().println("Can't delete key " + args.get(1) + ". Error " + IpcTarget.csError(e));
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
                        ctx.err().println("Can't set key " + args.get(1) + ": " + e.getMessage());
                        return 1;
                    }
                    try {
                        cmap.set(args.get(1), v);
                        return 0;
                    } catch (ChorusException e) {
                        ctx.err().println("Can't set key " + args.get(1) + ". Error " + IpcTarget.csError(e));
                        return 1;
                    }
                }
                default -> {
                    if (args.size() == 1 && !args.get(0).startsWith("-")) {
                        return list(cmap, args.get(0), ctx);
                    }
                }
            }
            ctx.err().print(usage());
            return 1;
        } catch (ChorusException e) {
            ctx.err().println("Failed to initialize the cmap API. Error " + IpcTarget.csError(e));
            return 1;
        }
    }

    private static int get(CmapClient cmap, String key, CliContext ctx) {
        try {
            ctx.out().println(key + " " + cmap.get(key));
            return 0;
        } catch (ChorusException e) {
            ctx.err().println("Can't get key " + key + ". Error " + IpcTarget.csError(e));
            return 1;
        }
    }

    private static int list(CmapClient cmap, String prefix, CliContext ctx) throws ChorusException {
        for (Map.Entry<String, CmapValue> e : cmap.iterate(prefix).entrySet()) {
            ctx.out().println(e.getKey() + " " + e.getValue());
        }
        return 0;
    }
}
