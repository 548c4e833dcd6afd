package io.chorus.cli;

import io.chorus.crypto.AuthKey;
import io.chorus.crypto.KeygenTool;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code chorus keygen [-k FILE] [-s BYTES] [-l] [-r RANDOMFILE]}: writes a new authkey like Corosync 3's
 * {@code corosync-keygen} (see {@link KeygenTool}: {@code -s} counts bytes, 128..4096, default 256; mode 0400;
 * atomic; an existing key is replaced and the output says so).
 *
 * <p>The default file is the system property {@code chorus.authkey}, else {@code $COROSYNC_TOTEM_AUTHKEY_FILE},
 * else {@code /etc/corosync/authkey} — Corosync's, so that Chorus and Corosync nodes of one host share a key.
 * Exit codes: 0 written, 1 bad usage or size, 2 the file could not be written.
 */
public final class KeygenCommand implements Subcommand {

    /** System property naming the default key file (a distribution may point it at its etc/authkey). */
    public static final String PROP_AUTHKEY = "chorus.authkey";

    @Override
    public String name() {
        return "keygen";
    }

    @Override
    public String summary() {
        return "generate an authkey (like corosync-keygen)";
    }

    @Override
    public String usage() {
        return KeygenTool.usage("chorus keygen", AuthKey.COROSYNC_DEFAULT);
    }

    @Override
    public int run(List<String> args, CliContext ctx) {
        return KeygenTool.run("chorus keygen", args, ctx.out(), ctx.err(), defaultFile(ctx));
    }

    static Path defaultFile(CliContext ctx) {
        String p = ctx.properties().getProperty(PROP_AUTHKEY);
        if (p == null || p.isBlank()) {
            p = ctx.env().get(AuthKey.ENV_KEYFILE);
        }
        return p == null || p.isBlank() ? AuthKey.COROSYNC_DEFAULT : Path.of(p);
    }
}
