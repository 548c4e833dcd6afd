package io.chorus.cli;

import io.chorus.config.ChorusConfig;
import io.chorus.config.CheckReport;
import io.chorus.config.ConfigLoader;
import io.chorus.config.ConfigProblem;
import io.chorus.config.HostChecks;
import io.chorus.config.InterfaceSettings;
import io.chorus.config.NodeEntry;
import io.chorus.config.ServiceStanza;
import io.chorus.config.TotemSettings;
import io.chorus.config.ValueSource;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code chorus check [-c FILE]}: validates a configuration like {@code corosync -t}. Exit 0 with a summary
 * (warnings, host-dependent ones included, on stderr as {@code FILE:LINE: warning: reason}); exit 8 with every
 * {@code FILE:LINE: reason} on stderr.
 */
public final class CheckCommand implements Subcommand {

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "validate corosync.conf (like corosync -t)";
    }

    @Override
    public String usage() {
        return "usage: chorus check [-c FILE]\n"
                + "  -c FILE   configuration file (default: $COROSYNC_MAIN_CONFIG_FILE, -Dchorus.config,\n"
                + "            else $CHORUS_HOME/etc/corosync.conf)\n"
                + "exit codes: 0 valid, 8 invalid or unreadable, 1 bad usage\n";
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-c") || a.equals("--config")) && i + 1 < args.size()) {
                file = Path.of(args.get(++i));
            } else if (a.equals("-h") || a.equals("--help")) {
                ctx.out().print(usage());
                return ExitCodes.USAGE;
            } else {
                ctx.err().println("chorus check: unexpected argument '" + a + "'");
                ctx.err().print(usage());
                return ExitCodes.USAGE;
            }
        }
        if (file == null) {
            file = ConfigLoader.defaultConfigPath(ctx.env(), ctx.properties());
        }
        CheckReport report = ConfigLoader.check(file);
        if (!report.valid()) {
            for (ConfigProblem p : report.problems()) {
                ctx.err().println(p);
            }
            ctx.err().println("chorus check: " + file + " is invalid (" + report.errors().size() + " error"
                    + (report.errors().size() == 1 ? "" : "s") + ")");
            return ExitCodes.MAIN_CONFIG_READ;
        }
        ChorusConfig config = report.config();
        printSummary(file, config, ctx);
        for (ConfigProblem w : report.warnings()) {
            ctx.err().println(w);
        }
        Path home = ConfigLoader.home(ctx.env(), ctx.properties());
        for (ConfigProblem w : HostChecks.run(config, home)) {
            ctx.err().println(w);
        }
        return ExitCodes.OK;
    }

    private static void printSummary(Path file, ChorusConfig c, CliContext ctx) {
        TotemSettings t = c.totem();
        ctx.out().println(file + ": valid, " + c.era().displayName() + " style");
        ctx.out().println("  transport:  " + t.transport().configName() + ", rrp_mode " + t.rrpMode().configName()
                + ", netmtu " + t.netmtu());
        for (InterfaceSettings i : t.interfaces()) {
            ctx.out().println("  ring " + i.ringNumber() + ":     "
                    + (i.bindNetAddr() == null ? "nodelist addresses" : "bindnetaddr " + format(i.bindNetAddr()))
                    + (i.mcastAddr() == null ? "" : ", mcastaddr " + format(i.mcastAddr()))
                    + ", port " + i.mcastPort()
                    + (i.members().isEmpty() ? "" : ", members " + i.members().stream().map(CheckCommand::format)
                    .collect(Collectors.joining(" "))));
        }
        if (!c.nodelist().isEmpty()) {
            ctx.out().println("  nodes:      " + c.nodelist().size() + " (" + c.nodelist().stream()
                    .map(CheckCommand::node).collect(Collectors.joining(", ")) + ")");
        }
        ctx.out().println("  nodeid:     " + (t.nodeId().isPresent() ? Long.toString(t.nodeId().getAsLong())
                : c.nodelist().isEmpty() ? "derived from the ring 0 address at startup" : "from the nodelist"));
        ctx.out().println("  crypto:     " + (t.cryptoEnabled()
                ? (t.secauth() ? "secauth on" : "cipher " + t.cryptoCipher() + ", hash " + t.cryptoHash())
                : "off"));
        ctx.out().println("  services:   " + (c.services().isEmpty() ? "(default set)" : c.services().stream()
                .map(CheckCommand::service).collect(Collectors.joining(", "))));
        ctx.out().println("  timeouts:   " + timeouts(c));
        ctx.out().println("  logging:    " + logging(c));
    }

    private static String timeouts(ChorusConfig c) {
        StringBuilder sb = new StringBuilder();
        for (String k : List.of("token", "token_retransmit", "hold", "join", "consensus", "merge")) {
            c.entry("totem." + k).ifPresent(e -> {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(k).append(' ').append(e.value());
                if (e.source() == ValueSource.DERIVED) {
                    sb.append(" (derived)");
                }
            });
        }
        return sb.append(" ms").toString();
    }

    private static String logging(ChorusConfig c) {
        StringBuilder sb = new StringBuilder();
        if (c.logging().toStderr()) {
            sb.append("stderr ");
        }
        if (c.logging().toSyslog()) {
            sb.append("syslog ");
        }
        if (c.logging().toLogfile()) {
            sb.append("file ").append(c.logging().logfile()).append(' ');
        }
        return sb.append("debug ").append(c.logging().debug()).toString();
    }

    private static String node(NodeEntry n) {
        return n.nodeId() + " " + n.ring0Addr() + (n.name() == null ? "" : " " + n.name());
    }

    private static String service(ServiceStanza s) {
        return s.name() + " ver " + s.ver();
    }

    private static String format(InetAddress a) {
        return a.getHostAddress();
    }
}
