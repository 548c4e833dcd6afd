package io.chorus.cli;

import io.chorus.api.tools.CmapTool;
import java.util.List;

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
        return CmapTool.run(args, usage(), engine -> IpcTarget.connect(ctx, node, engine), ctx.out(),
                ctx.err());
    }
}
