package io.chorus.shell.internal;

import io.chorus.api.client.GatewayConnection;
import io.chorus.api.spi.ClientGateway;
import io.chorus.api.tools.CmapTool;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code chorus:cmapctl [-g KEY] [-s KEY TYPE VALUE] [-d KEY] [PREFIX]}: corosync-cmapctl in the console. */
@Command(scope = "chorus", name = "cmapctl", description = "Show and change the configuration and statistics database (like corosync-cmapctl)")
@Service
public class CmapctlCommand implements Action {

    @Option(name = "-g", description = "get one key")
    String get;

    @Option(name = "-d", description = "delete a key")
    String delete;

    @Option(name = "-s", description = "set a key: -s KEY TYPE VALUE (TYPE i8 u8 i16 u16 i32 u32 i64 u64 flt dbl str bin)")
    String set;

    @Argument(index = 0, name = "prefix", description = "list the keys starting with PREFIX; with -s: TYPE VALUE",
            multiValued = true)
    List<String> rest;

    @Reference(optional = true)
    ClientGateway gateway;

    @Override
    public Object execute() {
        if (gateway == null) {
            System.out.println("The executive is not running (chorus-executive).");
            return null;
        }
        List<String> args = new ArrayList<>();
        if (get != null) {
            args.add("-g");
            args.add(get);
        } else if (delete != null) {
            args.add("-d");
            args.add(delete);
        } else if (set != null) {
            args.add("-s");
            args.add(set);
        }
        if (rest != null) {
            args.addAll(rest);
        }
        CmapTool.run(args, CmapTool.USAGE, engine -> GatewayConnection.open(gateway, engine), System.out,
                System.out);
        return null;
    }
}
